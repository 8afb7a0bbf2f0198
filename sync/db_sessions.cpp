#include "sync/db_sessions.hpp"

#include <stdexcept>

namespace qrgate::sync {

SessionPool::SessionPool(std::filesystem::path databaseFile) : m_file(std::move(databaseFile)) {}

SessionPool::Lease SessionPool::acquire() {
    {
        std::lock_guard lock(m_mutex);
        if (!m_idle.empty()) {
            auto s = std::move(m_idle.back());
            m_idle.pop_back();
            return Lease(*this, std::move(s));
        }
    }
    auto db = Database::open(m_file);
    if (!db) throw std::runtime_error(db.error().message);
    auto s = std::make_unique<DbSession>();
    s->db = std::move(db).value();
    s->engine = std::make_unique<CheckinEngine>(*s->db);
    s->feed = std::make_unique<ChangeFeed>(*s->db);
    return Lease(*this, std::move(s));
}

void SessionPool::giveBack(std::unique_ptr<DbSession> session) {
    std::lock_guard lock(m_mutex);
    if (m_idle.size() < 32) m_idle.push_back(std::move(session));
}

}  // namespace qrgate::sync
