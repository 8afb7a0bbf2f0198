#include "app/cli_context.hpp"

#include "core/events/event_catalog.hpp"

namespace qrgate::cli {

std::optional<DataFolder> Context::folder() const {
    auto folder = DataFolder::prepare(dataDir);
    if (!folder) {
        fail(folder.error().message);
        return std::nullopt;
    }
    return folder.value();
}

std::unique_ptr<Database> Context::openDatabase() const {
    auto opened = open();
    return opened ? std::move(opened->db) : nullptr;
}

std::optional<OpenedFolder> Context::open() const {
    auto f = folder();
    if (!f) return std::nullopt;
    if (startAfresh) {
        auto note = f->startAfresh();
        if (!note) {
            fail(note.error().message);
            return std::nullopt;
        }
        std::cerr << "qrgate: "
                  << (note->empty() ? "the database " + f->databaseFile().string() + " is usable; --start-afresh changed nothing"
                                    : *note)
                  << "\n";
    }
    auto db = f->openDatabase();
    if (!db) {
        fail(db.error().message);
        return std::nullopt;
    }
    return OpenedFolder{std::move(*f), std::move(db).value()};
}

std::optional<std::string> resolveEvent(const Args& args, Database& db) {
    EventCatalog catalog(db);
    if (auto id = args.value("--event")) {
        if (!catalog.find(*id)) {
            fail("no event " + *id);
            return std::nullopt;
        }
        return id;
    }
    auto current = catalog.currentEventId();
    if (!current) fail("no event yet; create one with 'qrgate event create --name N'");
    return current;
}

std::optional<EventScope> openEvent(const Context& ctx, const Args& args) {
    auto opened = ctx.open();
    if (!opened) return std::nullopt;
    auto eventId = resolveEvent(args, *opened->db);
    if (!eventId) return std::nullopt;
    return EventScope{std::move(opened->folder), std::move(opened->db), std::move(*eventId)};
}

}  // namespace qrgate::cli
