#include "core/health/folder_checks.hpp"

#include <sys/stat.h>
#include <sys/statvfs.h>
#include <unistd.h>

#include <cctype>
#include <cstdio>
#include <exception>
#include <string_view>
#include <vector>

#include "core/base/model.hpp"
#include "core/store/data_folder.hpp"

namespace qrgate {

namespace fs = std::filesystem;

std::string describeBytes(std::uint64_t bytes) {
    const char* units[] = {"bytes", "kB", "MB", "GB", "TB"};
    double value = static_cast<double>(bytes);
    int unit = 0;
    while (value >= 1000 && unit < 4) {
        value /= 1000;
        ++unit;
    }
    char buf[32];
    if (unit == 0) std::snprintf(buf, sizeof buf, "%llu bytes", static_cast<unsigned long long>(bytes));
    else std::snprintf(buf, sizeof buf, value < 10 ? "%.1f %s" : "%.0f %s", value, units[unit]);
    return buf;
}

std::string shellQuoted(const std::string& path) {
    bool plain = !path.empty();
    for (char c : path)
        if (!(std::isalnum(static_cast<unsigned char>(c)) || std::string_view("/._-+:@%,").find(c) != std::string_view::npos))
            plain = false;
    if (plain) return path;
    std::string out = "'";
    for (char c : path) out += c == '\'' ? std::string("'\\''") : std::string(1, c);
    return out + "'";
}

HealthCheck checkDataFolder(const fs::path& root) {
    const std::string title = "Data folder";
    struct stat st {};
    if (::stat(root.c_str(), &st) != 0)
        return HealthCheck::warning("data_folder", title, "There is no data folder at " + root.string() + " yet.",
                                    "qrgate makes it the first time it runs (open the console, or 'qrgate event "
                                    "create --name N'); if your data is elsewhere, give --data DIR.");
    if (!S_ISDIR(st.st_mode))
        return HealthCheck::problem("data_folder", title, root.string() + " is not a folder.",
                                    "Move that file away, or give --data DIR with the folder qrgate keeps its data in.");
    if (st.st_uid != ::geteuid() || ::access(root.c_str(), R_OK | W_OK | X_OK) != 0)
        return HealthCheck::problem(
            "data_folder", title,
            root.string() + " belongs to another user, so qrgate cannot " +
                (::access(root.c_str(), W_OK) != 0 ? "save anything in it." : "keep it private."),
            "Give it back to this user: 'sudo chown -R $USER " + shellQuoted(root.string()) + "'.");
    if ((st.st_mode & 077) != 0) {
        char mode[8];
        std::snprintf(mode, sizeof mode, "%03o", static_cast<unsigned>(st.st_mode & 0777));
        return HealthCheck::warning("data_folder", title,
                                    root.string() + " may be read by other users of this computer (mode " + mode +
                                        "); it holds attendees' names and email addresses.",
                                    "Run 'chmod 700 " + shellQuoted(root.string()) + "'.");
    }
    return HealthCheck::ok("data_folder", title, root.string() + " is private to this user.");
}

HealthCheck checkPrivateFiles(const fs::path& root) {
    const std::string title = "Key files";
    std::vector<fs::path> files;
    std::error_code ec;
    for (const char* folder : {"keys", "tls"})
        for (fs::directory_iterator it(root / folder, ec), end; !ec && it != end; it.increment(ec))
            if (it->path().extension() == ".key") files.push_back(it->path());
    if (fs::exists(root / "smtp-password", ec)) files.push_back(root / "smtp-password");

    std::vector<std::string> open;     // others may read it
    std::vector<std::string> foreign;  // another user owns it
    for (const auto& f : files) {
        struct stat st {};
        if (::lstat(f.c_str(), &st) != 0) continue;
        if (st.st_uid != ::geteuid()) foreign.push_back(f.string());
        else if ((st.st_mode & 077) != 0) open.push_back(f.string());
    }
    auto joined = [](const std::vector<std::string>& names, const std::string& sep) {
        std::string out;
        for (const auto& n : names) out += (out.empty() ? "" : sep) + n;
        return out;
    };
    auto quotedList = [&](const std::vector<std::string>& names) {
        std::vector<std::string> q;
        for (const auto& n : names) q.push_back(shellQuoted(n));
        return joined(q, " ");
    };
    if (!open.empty())
        return HealthCheck::problem(
            "private_files", title,
            (open.size() == 1 ? open.front() + " may be read by other users of this computer"
                              : joined(open, ", ") + " may be read by other users of this computer") +
                ": whoever reads an event key can make valid tickets.",
            "Run 'chmod 600 " + quotedList(open) + "'.");
    if (!foreign.empty())
        return HealthCheck::problem("private_files", title,
                                    joined(foreign, ", ") + (foreign.size() == 1 ? " belongs" : " belong") +
                                        " to another user, who can read or change it.",
                                    "Run 'sudo chown $USER " + quotedList(foreign) + "' and 'chmod 600 " +
                                        quotedList(foreign) + "'.");
    if (files.empty()) return HealthCheck::ok("private_files", title, "There are no key files in this data folder.");
    return HealthCheck::ok("private_files", title,
                           counted(static_cast<long long>(files.size()), "key file is", "key files are") +
                               " readable by this user alone.");
}

HealthCheck judgeDiskSpace(const fs::path& root, std::uint64_t availableBytes, std::uint64_t totalBytes) {
    const std::string title = "Disk space";
    const std::string found = describeBytes(availableBytes) + " free of " + describeBytes(totalBytes) +
                              " on the disk of " + root.string();
    const std::string fix = "Free some space on that disk (old exports and PDFs, the Trash), or move the data "
                            "folder to a larger disk and give --data DIR.";
    if (availableBytes < kVeryLowDiskBytes)
        return HealthCheck::problem("disk_space", title,
                                    found + ": scans may soon fail to be saved and PDFs cannot be written.", fix);
    if (availableBytes < kLowDiskBytes)
        return HealthCheck::warning("disk_space", title, found + ": enough for scans, not for many large PDFs.", fix);
    return HealthCheck::ok("disk_space", title, found + ".");
}

HealthCheck checkDiskSpace(const fs::path& root) {
    fs::path probe = root;
    std::error_code ec;
    while (!probe.empty() && !fs::exists(probe, ec) && probe != probe.parent_path()) probe = probe.parent_path();
    struct statvfs vfs {};
    if (probe.empty() || ::statvfs(probe.c_str(), &vfs) != 0)
        return HealthCheck::warning("disk_space", "Disk space", "The free space on the disk of " + root.string() +
                                                                    " cannot be read.",
                                    "Check that the disk is mounted.");
    return judgeDiskSpace(root, std::uint64_t(vfs.f_bavail) * vfs.f_frsize, std::uint64_t(vfs.f_blocks) * vfs.f_frsize);
}

namespace {

// DataFolder's refusal says what was found, then how to go on; the check gives its own fix.
std::string findingOf(const std::string& refusal) {
    const auto cut = refusal.find(" Nothing was changed;");
    return cut == std::string::npos ? refusal : refusal.substr(0, cut);
}

long long countOf(Database& db, const char* table) {
    SQLite::Statement q(db.sql(), std::string("SELECT count(*) FROM ") + table);
    return q.executeStep() ? q.getColumn(0).getInt64() : 0;
}

}  // namespace

DatabaseCheck checkDatabase(const fs::path& root) {
    const std::string title = "Database";
    std::error_code ec;
    const fs::path file = root / "qrgate.db";
    if (!fs::is_directory(root, ec))
        return {HealthCheck::warning("database", title, "There is no database yet (no data folder).",
                                     "It is made with the data folder, the first time qrgate runs."),
                nullptr};
    try {
        auto folder = DataFolder::prepare(root);
        if (!folder) return {HealthCheck::problem("database", title, folder.error().message, "Give --data DIR with the folder qrgate keeps its data in."), nullptr};
        auto db = folder->openDatabase();
        if (!db) {
            const std::string data = "--data " + shellQuoted(root.string());
            if (db.error().code == "damaged_database")
                return {HealthCheck::problem("database", title, findingOf(db.error().message),
                                             "Restore the last backup ('qrgate " + data +
                                                 " restore FILE'), or run 'qrgate " + data +
                                                 " --start-afresh doctor' to move the damaged file aside (it is kept) "
                                                 "and begin with a new, empty database."),
                        nullptr};
            if (db.error().code == "newer_database")
                return {HealthCheck::problem("database", title, db.error().message,
                                             "Install the qrgate version that wrote it (or a newer one)."),
                        nullptr};
            return {HealthCheck::problem("database", title, db.error().message,
                                         "Close other programs using " + file.string() +
                                             " and check that the folder is writable, then run the check again."),
                    nullptr};
        }
        SQLite::Statement check((*db)->sql(), "PRAGMA integrity_check(5)");
        std::string firstLine;
        std::size_t lines = 0;
        while (check.executeStep()) {
            if (lines++ == 0) firstLine = check.getColumn(0).getString();
        }
        if (!(lines == 1 && firstLine == "ok"))
            return {HealthCheck::problem("database", title,
                                         file.string() + " failed SQLite's integrity check (" + firstLine + ").",
                                         "Restore the last backup ('qrgate --data " + shellQuoted(root.string()) +
                                             " restore FILE'); until then, export the check-ins ('qrgate export "
                                             "checkins') while they can still be read."),
                    nullptr};
        const long long events = countOf(**db, "events");
        const long long tickets = countOf(**db, "tickets");
        return {HealthCheck::ok("database", title,
                                file.filename().string() + " passed SQLite's integrity check (" +
                                    counted(events, "event", "events") + ", " + counted(tickets, "ticket", "tickets") +
                                    ")."),
                std::move(*db)};
    } catch (const std::exception& e) {
        return {HealthCheck::problem("database", title, file.string() + " is damaged: SQLite says \"" + e.what() + "\".",
                                     "Restore the last backup ('qrgate --data " + shellQuoted(root.string()) +
                                         " restore FILE')."),
                nullptr};
    }
}

}  // namespace qrgate
