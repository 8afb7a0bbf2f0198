// Names the fonts cannot draw would print without those letters: the check names the script, an
// example and the package to install; names the fonts draw pass.
#include "core/health/name_fonts_check.hpp"

#include <gtest/gtest.h>

namespace qrgate {
namespace {

const std::string kCuneiform = "\xF0\x92\x80\xAD\xF0\x92\x82\x97\xF0\x92\x8D\xAA";
const std::string kEmoji = "Priya \xF0\x9F\x8C\xB8 Nair";

TEST(NameFontsCheck, LatinGreekAndCyrillicNamesPass) {
    const auto check = judgeNameFonts({"Zo\xC3\xAB M\xC3\xBCller", "\xCE\x91\xCE\xBB\xCE\xAD\xCE\xBE\xCE\xB7\xCF\x82",
                                       "\xD0\x98\xD0\xB2\xD0\xB0\xD0\xBD"});
    EXPECT_EQ(check.status, HealthStatus::Ok) << check.detail;
    EXPECT_NE(check.detail.find("3 names"), std::string::npos);
}

TEST(NameFontsCheck, AScriptNoFontCoversIsAProblemNamingItAnExampleAndThePackage) {
    const auto check = judgeNameFonts({"Ada Lovelace", kCuneiform, kEmoji, kEmoji + " Jr"});
    ASSERT_EQ(check.status, HealthStatus::Problem);
    EXPECT_NE(check.detail.find("Cuneiform (1 name, e.g. \"" + kCuneiform + "\")"), std::string::npos) << check.detail;
    EXPECT_NE(check.detail.find("Emoji (2 names"), std::string::npos) << check.detail;
    EXPECT_NE(check.fix.find("fonts-noto-color-emoji"), std::string::npos) << check.fix;
    EXPECT_NE(check.fix.find("fonts-noto-extra"), std::string::npos) << check.fix;
    EXPECT_EQ(check.fix.find("Ada"), std::string::npos);
}

TEST(NameFontsCheck, OneUndrawableNameAmongThousandsIsFound) {
    std::vector<std::string> names;
    for (int i = 0; i < 3000; ++i) names.push_back("Zo\xC3\xAB M\xC3\xBCller " + std::to_string(i));
    names[2345] = kCuneiform;
    const auto missing = scriptsFontsCannotDraw(names);
    ASSERT_EQ(missing.size(), 1u);
    EXPECT_EQ(missing[0].script, "Cuneiform");
    EXPECT_EQ(missing[0].names, 1);
    EXPECT_EQ(missing[0].example, kCuneiform);
}

TEST(NameFontsCheck, NoNamesYetPasses) {
    EXPECT_EQ(judgeNameFonts({}).status, HealthStatus::Ok);
}

}  // namespace
}  // namespace qrgate
