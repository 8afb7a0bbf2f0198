// A node and another process on one data folder (the console and the test kiosk its getting
// started guide starts): what the other process records is seen here and kept. Starting the node
// once dropped this process's SQLite locks (DataFolder's damage check read the file through an
// ifstream and closed it), so the other process checkpointed and deleted the WAL under this one.
#include <gtest/gtest.h>

#include <nlohmann/json.hpp>

#include "core/checkin/checkin_log.hpp"
#include "core/store/data_folder.hpp"
#include "core/store/database.hpp"
#include "support/process.hpp"
#include "support/temp_dir.hpp"
#include "sync/sync_node.hpp"

using namespace qrgate;
using qrgate::testing::runQrgate;
using qrgate::testing::TempDir;

TEST(SharedDataFolder, ACheckinRecordedByAnotherProcessWhileTheNodeRunsIsSeenAndKept) {
    TempDir dir;
    const auto data = dir / "data";
    auto created = runQrgate({"--data", data.string(), "event", "create", "--name", "Shared folder"});
    ASSERT_EQ(created.exitCode, 0) << created.err;
    const std::string eventId = created.out.substr(0, created.out.find_first_of("\r\n"));
    auto issued = runQrgate({"--data", data.string(), "tickets", "issue", "--event", eventId, "--count", "1", "--json"});
    ASSERT_EQ(issued.exitCode, 0) << issued.err;
    const std::string qr = nlohmann::json::parse(issued.out)[0]["qrData"];

    // As the console: a database worker open, then its node started on the same folder.
    auto folder = DataFolder::prepare(data).value();
    auto db = folder.openDatabase().value();
    CheckinQuery query;
    query.eventId = eventId;
    EXPECT_TRUE(CheckinLog(*db).list(query).empty());
    sync::NodeOptions options;
    options.dataDir = data;
    options.host = "127.0.0.1";
    options.port = 0;
    options.plainHttp = true;
    auto node = sync::SyncNode::start(options);
    ASSERT_TRUE(node) << node.error().message;

    // As the test kiosk: another process admits the ticket and ends.
    auto scan = runQrgate({"--data", data.string(), "checkin", "--event", eventId, "--gate", "Test gate", qr});
    ASSERT_EQ(scan.exitCode, 0) << scan.out << scan.err;

    EXPECT_EQ(CheckinLog(*db).list(query).size(), 1u) << "this process sees the other's check-in";
    // This process writes on (the console voids the test ticket), then a second scan elsewhere.
    db->storeSettings({{"shared.probe", "written"}});
    auto again = runQrgate({"--data", data.string(), "checkin", "--event", eventId, "--gate", "Test gate", qr});
    EXPECT_EQ(again.exitCode, 1) << "already used: " << again.out;
    EXPECT_EQ(CheckinLog(*db).list(query).size(), 2u);
    (*node)->stop();
    node->reset();
    db.reset();
    auto reopened = Database::open(folder.databaseFile()).value();
    EXPECT_EQ(CheckinLog(*reopened).list(query).size(), 2u) << "both scans are still there once everyone closed";
    EXPECT_EQ(reopened->setting("shared.probe", ""), "written") << "and so is this process's write";
}
