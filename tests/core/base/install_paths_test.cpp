#include "core/base/install_paths.hpp"

#include <gtest/gtest.h>

#include "support/temp_dir.hpp"

namespace qrgate {
namespace {

TEST(InstallPaths, AnInstalledBinaryFindsShareQrgateUnderItsPrefix) {
    EXPECT_EQ(assetsFolderFor("/usr/bin/qrgate"), std::filesystem::path("/usr/share/qrgate"));
    EXPECT_EQ(assetsFolderFor("/opt/qrgate/bin/qrgate"), std::filesystem::path("/opt/qrgate/share/qrgate"));
}

TEST(InstallPaths, TheBuildTreeMirrorsThePrefix) {
    EXPECT_EQ(assetsFolderFor("/home/me/qrgate/build/app/qrgate"),
              std::filesystem::path("/home/me/qrgate/build/share/qrgate"));
}

TEST(InstallPaths, AnExistingFolderIsFoundAndAMissingOneNamesWhereItLooked) {
    testing::TempDir prefix;
    const auto binary = prefix / "bin" / "qrgate";
    auto missing = existingAssetsFolderFor(binary);
    ASSERT_FALSE(missing.ok());
    EXPECT_EQ(missing.error().code, "assets_missing");
    EXPECT_NE(missing.error().message.find((prefix / "share" / "qrgate").string()), std::string::npos)
        << missing.error().message;

    std::filesystem::create_directories(prefix / "share" / "qrgate");
    auto found = existingAssetsFolderFor(binary);
    ASSERT_TRUE(found.ok()) << found.error().message;
    EXPECT_EQ(*found, prefix.path() / "share" / "qrgate");
}

}  // namespace
}  // namespace qrgate
