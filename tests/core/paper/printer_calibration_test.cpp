// CalibrationStore keeps what each printer does to a page, for this machine: saved values come
// back, typing mistakes are refused, and a damaged file never stops a print.
#include "core/paper/printer_calibration.hpp"

#include <gtest/gtest.h>

#include <fstream>
#include <nlohmann/json.hpp>

#include "support/file_text.hpp"
#include "support/temp_dir.hpp"

namespace qrgate {
namespace {

using testing::fileText;
using testing::TempDir;

PrinterCalibration calibration(double ox, double oy, double sx, double sy) {
    PrinterCalibration c;
    c.offsetXmm = ox;
    c.offsetYmm = oy;
    c.scaleX = sx;
    c.scaleY = sy;
    return c;
}

void expectSame(const PrinterCalibration& a, const PrinterCalibration& b) {
    EXPECT_DOUBLE_EQ(a.offsetXmm, b.offsetXmm);
    EXPECT_DOUBLE_EQ(a.offsetYmm, b.offsetYmm);
    EXPECT_DOUBLE_EQ(a.scaleX, b.scaleX);
    EXPECT_DOUBLE_EQ(a.scaleY, b.scaleY);
}

TEST(PrinterCalibration, APrinterNeverCalibratedIsTheIdentityAndNoFileIsWritten) {
    TempDir dir;
    CalibrationStore store(dir / "printers.json");
    EXPECT_TRUE(store.load("Office").isIdentity());
    EXPECT_TRUE(store.all().empty());
    EXPECT_TRUE(store.forget("Office").ok());
    EXPECT_FALSE(std::filesystem::exists(dir / "printers.json"));
}

TEST(PrinterCalibration, SavedValuesComeBackPerPrinterAndSurviveANewStore) {
    TempDir dir;
    const auto office = calibration(1.5, -0.75, 0.985, 1.012);
    const auto labels = calibration(-3, 2, 1, 0.99);
    {
        CalibrationStore store(dir / "printers.json");
        ASSERT_TRUE(store.save("Office laser", office).ok());
        ASSERT_TRUE(store.save("Labels", labels).ok());
    }
    CalibrationStore again(dir / "printers.json");
    expectSame(again.load("Office laser"), office);
    expectSame(again.load("Labels"), labels);
    EXPECT_TRUE(again.load("office laser").isIdentity()) << "names are kept as CUPS gives them";
    EXPECT_EQ(again.all().size(), 2u);
}

TEST(PrinterCalibration, ForgetRemovesOnePrinterAndKeepsTheOthers) {
    TempDir dir;
    CalibrationStore store(dir / "printers.json");
    ASSERT_TRUE(store.save("A", calibration(1, 1, 1, 1)).ok());
    ASSERT_TRUE(store.save("B", calibration(2, 2, 1, 1)).ok());
    ASSERT_TRUE(store.forget("A").ok());
    EXPECT_TRUE(store.load("A").isIdentity());
    EXPECT_DOUBLE_EQ(store.load("B").offsetXmm, 2);
}

TEST(PrinterCalibration, SavingTheIdentityIsForgetting) {
    TempDir dir;
    CalibrationStore store(dir / "printers.json");
    ASSERT_TRUE(store.save("A", calibration(1, 0, 1, 1)).ok());
    ASSERT_TRUE(store.save("A", PrinterCalibration{}).ok());
    EXPECT_EQ(store.all().count("A"), 0u);
}

TEST(PrinterCalibration, AbsurdValuesAreRefusedAsTypingMistakesAndNothingIsWritten) {
    TempDir dir;
    CalibrationStore store(dir / "printers.json");
    ASSERT_TRUE(store.save("A", calibration(1, 2, 0.99, 1.01)).ok());
    const auto before = fileText(dir / "printers.json");
    for (const auto& bad : {calibration(50.5, 0, 1, 1), calibration(0, -51, 1, 1), calibration(0, 0, 0.49, 1),
                            calibration(0, 0, 1, 1.51), calibration(0, 0, 0, 0), calibration(0, 0, 98, 1),
                            calibration(std::nan(""), 0, 1, 1), calibration(0, 0, 1, INFINITY)}) {
        auto s = store.save("A", bad);
        ASSERT_FALSE(s.ok());
        EXPECT_EQ(s.error().code, "invalid_calibration");
        EXPECT_EQ(s.error().message.find('\n'), std::string::npos);
    }
    EXPECT_EQ(fileText(dir / "printers.json"), before);
    // The limits themselves are printers, not mistakes.
    EXPECT_TRUE(store.save("B", calibration(-50, 50, 0.5, 1.5)).ok());
}

TEST(PrinterCalibration, ADamagedFileReadsAsIdentityAndIsReplacedAtTheNextSave) {
    TempDir dir;
    const auto file = dir / "printers.json";
    for (const std::string& damaged : {std::string("{\"printers\": {\"A\": {\"offsetXmm\": 1"), std::string("\0\0\0\0", 4),
                                      std::string("[1,2,3]"), std::string("{\"printers\": 7}")}) {
        std::ofstream(file, std::ios::binary | std::ios::trunc) << damaged;
        CalibrationStore store(file);
        EXPECT_TRUE(store.load("A").isIdentity());
        EXPECT_TRUE(store.all().empty());
    }
    CalibrationStore store(file);
    ASSERT_TRUE(store.save("A", calibration(0.5, 0, 1, 1)).ok());
    EXPECT_DOUBLE_EQ(CalibrationStore(file).load("A").offsetXmm, 0.5);
    EXPECT_TRUE(nlohmann::json::accept(fileText(file)));
}

TEST(PrinterCalibration, AnEntryEditedIntoNonsenseCountsAsNoCalibration) {
    TempDir dir;
    const auto file = dir / "printers.json";
    std::ofstream(file) << R"({"version":1,"printers":{
        "Good":{"offsetXmm":1,"offsetYmm":2,"scaleX":1,"scaleY":1},
        "Text":{"offsetXmm":"1","offsetYmm":2,"scaleX":1,"scaleY":1},
        "Missing":{"offsetXmm":1},
        "Absurd":{"offsetXmm":1,"offsetYmm":2,"scaleX":10,"scaleY":1}}})";
    CalibrationStore store(file);
    EXPECT_DOUBLE_EQ(store.load("Good").offsetYmm, 2);
    for (const char* name : {"Text", "Missing", "Absurd"}) EXPECT_TRUE(store.load(name).isIdentity()) << name;
    EXPECT_EQ(store.all().size(), 1u);
}

}  // namespace
}  // namespace qrgate
