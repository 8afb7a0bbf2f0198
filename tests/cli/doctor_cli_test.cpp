// `qrgate doctor` as an organizer runs it: a healthy folder passes (warnings for a missing camera
// or printer are not problems), and each problem is named with its fix and exit code 1.
#include <gtest/gtest.h>

#include <sys/stat.h>

#include <filesystem>
#include <fstream>
#include <nlohmann/json.hpp>

#include "support/process.hpp"
#include "support/temp_dir.hpp"

using nlohmann::json;
using qrgate::testing::runQrgate;
using qrgate::testing::TempDir;

namespace {

struct DoctorFolder {
    TempDir dir;
    std::string data = (dir.path() / "data").string();

    qrgate::testing::ProcessResult run(std::vector<std::string> args) {
        args.insert(args.begin(), {"--data", data});
        return runQrgate(args);
    }
    // A folder as the organizer's laptop has it: an event (its key file) and named tickets.
    void fill() {
        auto r = run({"demo"});
        ASSERT_EQ(r.exitCode, 0) << r.err;
    }
    json doctorJson(int expectedExit) {
        auto r = run({"doctor", "--json"});
        EXPECT_EQ(r.exitCode, expectedExit) << r.out << r.err;
        auto parsed = json::parse(r.out, nullptr, false);
        EXPECT_TRUE(parsed.is_object()) << r.out;
        return parsed;
    }
    std::filesystem::path keyFile() const {
        for (const auto& e : std::filesystem::directory_iterator(std::filesystem::path(data) / "keys"))
            if (e.path().extension() == ".key") return e.path();
        return {};
    }
};

const json* checkOf(const json& report, const std::string& id) {
    for (const auto& c : report["checks"])
        if (c["id"] == id) return &c;
    return nullptr;
}

}  // namespace

TEST(DoctorCli, AHealthyFolderPassesWithEveryCheckListedOnce) {
    DoctorFolder f;
    f.fill();
    auto report = f.doctorJson(0);
    EXPECT_EQ(report["ok"], true);
    for (const std::string id : {"data_folder", "private_files", "disk_space", "database", "name_fonts", "leader",
                                 "mail", "printers", "cameras"}) {
        const json* c = checkOf(report, id);
        ASSERT_NE(c, nullptr) << id << "\n" << report.dump(2);
        EXPECT_NE((*c)["status"], "problem") << report.dump(2);
        EXPECT_FALSE((*c)["title"].get<std::string>().empty());
        EXPECT_FALSE((*c)["detail"].get<std::string>().empty());
        // A fix exactly when something is not fine.
        EXPECT_EQ((*c)["status"] == "ok", (*c)["fix"].get<std::string>().empty()) << c->dump();
    }
    EXPECT_EQ((*checkOf(report, "database"))["status"], "ok");
    EXPECT_EQ((*checkOf(report, "private_files"))["status"], "ok");
}

TEST(DoctorCli, TextOutputHasOneLinePerCheckAndASummary) {
    DoctorFolder f;
    f.fill();
    auto r = f.run({"doctor"});
    EXPECT_EQ(r.exitCode, 0) << r.out << r.err;
    EXPECT_NE(r.out.find("\xE2\x9C\x93 Database: "), std::string::npos) << r.out;
    const std::string lastLine = r.out.substr(r.out.rfind('\n', r.out.size() - 2) + 1);
    EXPECT_TRUE(lastLine.find("warning") != std::string::npos || lastLine.find("passed") != std::string::npos)
        << lastLine;
    EXPECT_EQ(lastLine.find("problem"), std::string::npos) << lastLine;
}

TEST(DoctorCli, AKeyFileOthersMayReadIsAProblemNamingTheFileAndChmod) {
    DoctorFolder f;
    f.fill();
    const auto key = f.keyFile();
    ASSERT_FALSE(key.empty());
    ASSERT_EQ(::chmod(key.c_str(), 0644), 0);
    auto report = f.doctorJson(1);
    EXPECT_EQ(report["ok"], false);
    const json* c = checkOf(report, "private_files");
    ASSERT_NE(c, nullptr);
    EXPECT_EQ((*c)["status"], "problem");
    EXPECT_NE((*c)["detail"].get<std::string>().find(key.string()), std::string::npos) << c->dump();
    EXPECT_EQ((*c)["fix"], "Run 'chmod 600 " + key.string() + "'.");

    auto text = f.run({"doctor"});
    EXPECT_EQ(text.exitCode, 1);
    EXPECT_NE(text.out.find("    Fix: Run 'chmod 600 " + key.string() + "'."), std::string::npos) << text.out;
    EXPECT_NE(text.out.find("1 problem"), std::string::npos) << text.out;

    // Following the fix makes it pass.
    ASSERT_EQ(::chmod(key.c_str(), 0600), 0);
    EXPECT_EQ(f.doctorJson(0)["ok"], true);
}

TEST(DoctorCli, ACorruptDatabaseIsReportedWithBackupAndStartAfreshNotACrash) {
    DoctorFolder f;
    f.fill();
    const auto db = std::filesystem::path(f.data) / "qrgate.db";
    const auto size = std::filesystem::file_size(db);
    {
        std::ofstream out(db, std::ios::binary | std::ios::trunc);
        for (std::uintmax_t i = 0; i < size; ++i) out.put(static_cast<char>((i * 7919) % 251));
    }
    auto report = f.doctorJson(1);
    const json* c = checkOf(report, "database");
    ASSERT_NE(c, nullptr) << report.dump(2);
    EXPECT_EQ((*c)["status"], "problem");
    EXPECT_NE((*c)["detail"].get<std::string>().find("is not a SQLite database"), std::string::npos) << c->dump();
    const std::string fix = (*c)["fix"];
    EXPECT_NE(fix.find("restore FILE"), std::string::npos) << fix;
    EXPECT_NE(fix.find("--start-afresh"), std::string::npos) << fix;
    // The other checks still ran, and nothing was changed on disk.
    EXPECT_NE(checkOf(report, "disk_space"), nullptr);
    EXPECT_NE(checkOf(report, "cameras"), nullptr);
    EXPECT_EQ(std::filesystem::file_size(db), size);

    // The fix it names works: the damaged file is moved aside and the folder checks healthy.
    auto afresh = f.run({"--start-afresh", "doctor", "--json"});
    EXPECT_EQ(afresh.exitCode, 0) << afresh.out << afresh.err;
    EXPECT_NE(afresh.err.find("Moved the damaged database aside"), std::string::npos) << afresh.err;
}

TEST(DoctorCli, AMissingFolderIsAWarningAndIsNotCreated) {
    DoctorFolder f;
    auto report = f.doctorJson(0);
    EXPECT_EQ((*checkOf(report, "data_folder"))["status"], "warning");
    EXPECT_FALSE(std::filesystem::exists(f.data));
}

TEST(DoctorCli, UnknownOptionsAreUsageErrors) {
    DoctorFolder f;
    EXPECT_EQ(f.run({"doctor", "--verbose"}).exitCode, 2);
    auto help = f.run({"doctor", "--help"});
    EXPECT_EQ(help.exitCode, 0);
    EXPECT_NE(help.out.find("doctor [--json]"), std::string::npos);
}
