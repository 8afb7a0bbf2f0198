#include "core/base/text_fold.hpp"

#include <gtest/gtest.h>

namespace qrgate {
namespace {

bool finds(const std::string& query, const std::string& name) {
    return nameSearchKey(name).find(foldForSearch(query)) != std::string::npos;
}

TEST(TextFold, CaseAndAccentsFoldAway) {
    for (const char* query : {"emile", "Emile", "\xC3\xA9mile", "\xC3\x89MILE"})
        EXPECT_TRUE(finds(query, "\xC3\x89mile Zola")) << query;  // Émile
    EXPECT_EQ(foldForSearch("\xC3\x89MILE  Zola "), "emile zola");
}

TEST(TextFold, LettersWithoutDecompositionHaveSpellings) {
    EXPECT_TRUE(finds("lukasz", "\xC5\x81ukasz Nowak"));  // Łukasz
    EXPECT_TRUE(finds("soren", "S\xC3\xB8ren"));          // Søren
    EXPECT_TRUE(finds("aeron", "\xC3\x86ron"));           // Æron
}

TEST(TextFold, GermanSpellingsAreSearchableToo) {
    const std::string goess = "G\xC3\xB6\xC3\x9F";  // Göß
    for (const char* query : {"goss", "gosz", "goess", "Göß", "GÖSS"}) EXPECT_TRUE(finds(query, goess)) << query;
    EXPECT_TRUE(finds("mueller", "M\xC3\xBCller"));
    EXPECT_FALSE(finds("gose", goess));
    EXPECT_EQ(nameSearchKey("Anna"), "anna") << "no alternate forms when there is nothing German to spell";
}

TEST(TextFold, OtherScriptsFoldCase) {
    EXPECT_TRUE(finds("\xD0\xB0\xD0\xBD\xD0\xBD\xD0\xB0", "\xD0\x90\xD0\xBD\xD0\xBD\xD0\xB0"));  // анна / Анна
    const std::string priya = "\xE0\xA4\xAA\xE0\xA5\x8D\xE0\xA4\xB0\xE0\xA4\xBF\xE0\xA4\xAF\xE0\xA4\xBE";
    EXPECT_EQ(foldForSearch(priya), priya) << "Devanagari vowel signs and the virama are spelling, not accents";
}

TEST(TextFold, InvalidUtf8IsRepairedNotCrashed) {
    EXPECT_FALSE(foldForSearch(std::string("ab\xFF\xFE" "c", 5)).empty());
    EXPECT_EQ(foldForSearch(""), "");
}

}  // namespace
}  // namespace qrgate
