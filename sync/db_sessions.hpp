#pragma once
// SQLite connections for the server's worker threads. A connection belongs to one thread at a
// time: a request leases a session (connection + the services built on it) and gives it back
// when it is done, so prepared statements are reused across requests.
#include <filesystem>
#include <memory>
#include <mutex>
#include <vector>

#include "core/replica/change_feed.hpp"
#include "core/checkin/checkin_engine.hpp"
#include "core/store/database.hpp"

namespace qrgate::sync {

struct DbSession {
    std::unique_ptr<Database> db;
    std::unique_ptr<CheckinEngine> engine;  // validate() and annul(); admissions go through AdmissionQueue
    std::unique_ptr<ChangeFeed> feed;
};

class SessionPool {
public:
    explicit SessionPool(std::filesystem::path databaseFile);

    class Lease {
    public:
        Lease(SessionPool& pool, std::unique_ptr<DbSession> s) : m_pool(pool), m_session(std::move(s)) {}
        Lease(Lease&&) = default;
        ~Lease() {
            if (m_session) m_pool.giveBack(std::move(m_session));
        }
        DbSession* operator->() { return m_session.get(); }
        DbSession& operator*() { return *m_session; }
        Database& db() { return *m_session->db; }

    private:
        SessionPool& m_pool;
        std::unique_ptr<DbSession> m_session;
    };

    // Throws std::runtime_error when the database cannot be opened.
    Lease acquire();

private:
    void giveBack(std::unique_ptr<DbSession> session);

    std::filesystem::path m_file;
    std::mutex m_mutex;
    std::vector<std::unique_ptr<DbSession>> m_idle;
};

}  // namespace qrgate::sync
