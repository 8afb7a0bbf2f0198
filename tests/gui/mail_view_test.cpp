// The Email screen drawn without a window: what it asks the app for when the organizer saves the
// settings, tests the connection, sends to the recipients chosen, cancels, resends a row, and
// what it refuses to ask for (invalid settings, unsaved drafts, a gate's replica).
#include <gtest/gtest.h>

#include <algorithm>
#include <chrono>
#include <functional>

#include "imgui_headless.hpp"
#include "recording_commands.hpp"
#include "views/console_shell.hpp"
#include "views/mail_view.hpp"

namespace qrgate::views {
namespace {

using testing::HeadlessImGui;

MailSettings relaySettings() {
    MailSettings s;
    s.smtpUrl = "smtp://127.0.0.1:2525";
    s.plainLocal = true;
    s.fromName = "Fest tickets";
    s.fromAddress = "tickets@example.org";
    return s;
}

OutboxEntry entry(std::int64_t number, OutboxState state, const std::string& name = "Ana Lima") {
    OutboxEntry e;
    e.ticketId = "T" + std::to_string(number);
    e.ticketNumber = number;
    e.holderName = name;
    e.recipient = "guest" + std::to_string(number) + "@example.org";
    e.state = state;
    e.attempts = state == OutboxState::Queued ? 0 : 1;
    e.reply = state == OutboxState::Sent ? "250 2.0.0 Ok: queued as 4F3A" : state == OutboxState::Failed
                                                                                 ? "550 5.1.1 Recipient address rejected"
                                                                                 : "";
    e.updatedAt = 1'790'000'000'000;
    return e;
}

// An event whose mail settings, template, counts and outbox have arrived.
ConsoleState mailState(bool configured = true) {
    ConsoleState s = stateWithAnEvent();
    auto& m = s.mail;
    m.eventId = s.currentEventId;
    m.settingsLoaded = true;
    m.settingsVersion = 1;
    if (configured) m.settings = relaySettings();
    m.hasPassword = true;
    m.templateLoaded = true;
    m.templateVersion = 1;
    m.savedTemplate = defaultMailTemplate();
    m.countsLoaded = true;
    m.recipients = {.notSent = 120, .all = 150, .failed = 12, .unknown = 3, .noAddress = 7};
    m.outbox = {.queued = 0, .sending = 0, .sent = 30, .failed = 12, .unknown = 3};
    m.entriesLoaded = true;
    m.entriesVersion = 1;
    m.entries = {entry(1, OutboxState::Failed), entry(2, OutboxState::Sent, "Émile Dubois"),
                 entry(3, OutboxState::Unknown, "Zoë Ødegaard")};
    Ticket t;
    t.id = "T1";
    t.number = 1;
    t.holderName = "Ana Lima";
    t.holderEmail = "guest1@example.org";
    TemplateValues v;
    v.name = "Ana Lima";
    v.event = s.events.front().name;
    v.ticketNumber = "000001";
    m.preview = MailPreviewTicket{t, v, "QG1-PREVIEW"};
    return s;
}

struct MailScreen {
    HeadlessImGui ui;
    ConsoleShell shell;
    ConsoleState state;
    RecordingCommands commands;

    explicit MailScreen(ConsoleState s = mailState()) : state(std::move(s)) {
        EXPECT_TRUE(shell.select("mail"));
        frames(2);
    }
    std::function<void()> drawer() {
        return [this] { shell.draw(state, commands); };
    }
    void frames(int n) {
        for (int i = 0; i < n; ++i) ui.frame(drawer());
    }
    MailView& view() { return *dynamic_cast<MailView*>(shell.find("mail")); }
    void show(MailTab tab) {
        view().showTab(tab);
        frames(2);
    }
    bool click(const char* window, const char* label) { return ui.clickItem(window, label, drawer()); }
    std::vector<std::string> callsStartingWith(const std::string& prefix) const {
        std::vector<std::string> out;
        for (const auto& c : commands.calls)
            if (c.rfind(prefix, 0) == 0) out.push_back(c);
        return out;
    }
};

TEST(MailView, ReplacesTheComingSoonEntryWithCtrl8AndAsksForItsDataWhenShown) {
    HeadlessImGui ui;
    ConsoleShell shell;
    ConsoleState state = mailState();
    RecordingCommands commands;
    ui.frame([&] { shell.draw(state, commands); });
    ASSERT_NE(shell.find("mail"), nullptr);
    EXPECT_EQ(shell.find("mail")->comingNote(), nullptr) << "reachable, no longer greyed";
    ImGui::GetIO().KeyCtrl = true;
    ui.press('8');
    ui.frame([&] { shell.draw(state, commands); });
    ui.releaseAll();
    ImGui::GetIO().KeyCtrl = false;
    ui.frame([&] { shell.draw(state, commands); });
    EXPECT_EQ(shell.currentId(), "mail");
    ASSERT_FALSE(commands.calls.empty());
    EXPECT_EQ(commands.calls.front(), "openMail");
    EXPECT_EQ(std::count(commands.calls.begin(), commands.calls.end(), "openMail"), 1) << "once, not every frame";
}

TEST(MailView, OpensOnSettingsUntilAServerIsSetThenOnSend) {
    MailScreen fresh(mailState(false));
    fresh.frames(2);
    EXPECT_EQ(fresh.view().tab(), MailTab::Settings);
    MailScreen ready;
    ready.frames(2);
    EXPECT_EQ(ready.view().tab(), MailTab::Send);
}

TEST(MailView, SaveSendsTheSettingsAndThePasswordTypedOnlyWhenTheyDifferAndAreValid) {
    MailScreen s(mailState(false));
    s.show(MailTab::Settings);
    EXPECT_FALSE(s.click("##mailSettings", "Save")) << "nothing changed: nothing to save";

    auto& form = s.view().settings();
    form.setField("server", "http://mail.example.org");
    form.setField("from", "tickets@example.org");
    s.frames(1);
    EXPECT_FALSE(s.click("##mailSettings", "Save")) << "not an SMTP address";
    EXPECT_NE(form.problem().find("not an SMTP address"), std::string::npos) << form.problem();

    form.setField("server", "smtp://127.0.0.1:2525");
    form.setPlainLocal(true);
    form.setField("password", "s3cret");
    s.frames(1);
    ASSERT_TRUE(s.click("##mailSettings", "Save"));
    ASSERT_EQ(s.commands.mailCommands.saved.size(), 1u);
    const MailSettings& saved = s.commands.mailCommands.saved.back();
    EXPECT_EQ(saved.smtpUrl, "smtp://127.0.0.1:2525");
    EXPECT_TRUE(saved.plainLocal);
    EXPECT_EQ(saved.fromAddress, "tickets@example.org");
    EXPECT_EQ(s.commands.mailCommands.passwords.back(), std::optional<std::string>("s3cret"));
    EXPECT_FALSE(form.typedPassword()) << "the field empties once the password is sent";

    // The app answers; the settings as saved are what the screen shows now.
    s.state.mail.settings = saved;
    s.frames(2);
    EXPECT_FALSE(s.click("##mailSettings", "Save")) << "saved: nothing to save";
    EXPECT_EQ(s.commands.mailCommands.saved.size(), 1u);
}

TEST(MailView, TestConnectionTriesWhatIsOnScreenSavedOrNot) {
    MailScreen s;
    s.show(MailTab::Settings);
    s.view().settings().setField("server", "smtp://127.0.0.1:2626");
    s.frames(1);
    ASSERT_TRUE(s.click("##mailSettings", "###test"));
    ASSERT_EQ(s.commands.mailCommands.tested.size(), 1u);
    EXPECT_EQ(s.commands.mailCommands.tested.back().smtpUrl, "smtp://127.0.0.1:2626");
    EXPECT_TRUE(s.callsStartingWith("saveMailSettings").empty()) << "testing saves nothing";

    // While the test runs the button waits.
    s.state.mail.testingConnection = true;
    s.frames(1);
    EXPECT_FALSE(s.click("##mailSettings", "###test"));
}

TEST(MailView, SendQueuesTheRecipientsChosenByTheirRadioButton) {
    MailScreen s;
    s.show(MailTab::Send);
    ImGuiWindow* send = HeadlessImGui::findWindow("##mailSend");
    ASSERT_NE(send, nullptr);
    // The radio buttons are in the first rows: click through them until "Failed only" is chosen.
    ASSERT_TRUE(s.ui.clickThrough(send->Pos, {send->Pos.x + px(150), send->Pos.y + px(220)}, 8, s.drawer(),
                                  [&] { return s.view().recipients() == Recipients::Failed; }));
    s.frames(1);
    ASSERT_TRUE(s.click("##mailSend", "###send"));
    EXPECT_EQ(s.callsStartingWith("sendMail"), std::vector<std::string>{"sendMail failed"});

    // Everyone, when some have their ticket already, is asked once more.
    s.view().setRecipients(Recipients::All);
    s.frames(1);
    ASSERT_TRUE(s.click("##mailSend", "###send"));
    s.frames(2);
    EXPECT_EQ(s.callsStartingWith("sendMail").size(), 1u) << "not before the confirmation";
    ASSERT_NE(HeadlessImGui::findWindow("Send to everyone?"), nullptr);
    ASSERT_TRUE(s.click("Send to everyone?", "Send to everyone"));
    EXPECT_EQ(s.callsStartingWith("sendMail").back(), "sendMail all");
}

TEST(MailView, SendWaitsForSavedSettingsAndMessageAndForSomeoneToSendTo) {
    MailScreen s;
    s.show(MailTab::Send);
    s.view().settings().setField("rate", "20");  // an unsaved change
    s.frames(1);
    EXPECT_FALSE(s.click("##mailSend", "###send")) << "sending uses the saved settings: save first";
    s.state.mail.settings.ratePerMinute = 20;  // saved
    s.state.mail.recipients.notSent = 0;
    s.frames(1);
    EXPECT_FALSE(s.click("##mailSend", "###send")) << "nobody to send to";
    s.state.mail.recipients.notSent = 5;
    s.view().message().setSubject("Your ticket, {name}");
    s.frames(1);
    EXPECT_FALSE(s.click("##mailSend", "###send")) << "the message has an unsaved change";
    s.state.mail.savedTemplate.subject = "Your ticket, {name}";
    s.frames(1);
    EXPECT_TRUE(s.click("##mailSend", "###send"));
    EXPECT_EQ(s.callsStartingWith("sendMail"), std::vector<std::string>{"sendMail unsent"});
}

TEST(MailView, CancelStopsTheRunAndTheProgressShowsItsFigures) {
    MailScreen s;
    s.show(MailTab::Send);
    const int idle = s.ui.frame(s.drawer());
    s.state.mail.sending = true;
    SendProgress p;
    p.counts = {.queued = 70, .sending = 1, .sent = 59, .failed = 1};
    p.sentThisRun = 29;
    p.failedThisRun = 1;
    p.messagesPerMinute = 58.5;
    p.secondsLeft = 73;
    p.waiting = "Waiting 30 s to retry 1 message";
    p.lastProblem = "guest7@example.org: 451 4.3.0 Try again later";
    s.state.mail.progress = p;
    s.frames(1);
    EXPECT_GT(s.ui.frame(s.drawer()), idle + 300) << "the bar, the figures, the pace, the waiting and the problem";
    EXPECT_FALSE(s.click("##mailSend", "###send")) << "one run at a time";
    ASSERT_TRUE(s.click("##mailSend", "###cancelSend"));
    EXPECT_EQ(s.callsStartingWith("cancelSending").size(), 1u);
    s.state.mail.cancelRequested = true;
    s.frames(1);
    EXPECT_FALSE(s.click("##mailSend", "###cancelSend")) << "Cancelling\xE2\x80\xA6 is not pressed twice";
}

TEST(MailView, AReplicaSaysEmailNeedsTheOrganizersMachineAndSendsNothing) {
    MailScreen s;
    s.state.mail.noKeyFile = true;
    s.show(MailTab::Send);
    EXPECT_NE(HeadlessImGui::findWindow("##mailNoKeys"), nullptr) << "the amber line";
    EXPECT_FALSE(s.click("##mailSend", "###send"));
    EXPECT_TRUE(s.callsStartingWith("sendMail").empty());
}

TEST(MailView, ResendingAFailedRowQueuesItAndASentOneAsksFirst) {
    MailScreen s;
    s.show(MailTab::Outbox);
    ImGuiWindow* table = HeadlessImGui::findWindow("##outbox");
    ASSERT_NE(table, nullptr);
    const float rowH = ImGui::GetTextLineHeight() + px(10);
    const float header = ImGui::GetFrameHeight();
    const float resendX = table->Pos.x + table->Size.x - px(76);
    auto clickRow = [&](int row, auto done) {
        const float y = table->Pos.y + header + rowH * static_cast<float>(row);
        return s.ui.clickThrough({resendX, y}, {table->Pos.x + table->Size.x, y + rowH}, 6, s.drawer(), done);
    };
    ASSERT_TRUE(clickRow(0, [&] { return !s.callsStartingWith("resendTicket").empty(); }));
    EXPECT_EQ(s.callsStartingWith("resendTicket"), std::vector<std::string>{"resendTicket T1"}) << "a failed row at once";

    ASSERT_TRUE(clickRow(1, [&] { return HeadlessImGui::findWindow("Send again?") != nullptr; }));
    s.frames(1);
    EXPECT_EQ(s.callsStartingWith("resendTicket").size(), 1u) << "a sent row waits for the answer";
    ASSERT_TRUE(s.click("Send again?", "Send again"));
    EXPECT_EQ(s.callsStartingWith("resendTicket").back(), "resendTicket T2");

    ASSERT_TRUE(s.click("##mailOutbox", "###resendFailed"));
    EXPECT_EQ(s.callsStartingWith("resendState"), std::vector<std::string>{"resendState failed"});
}

TEST(MailView, TheOutboxFiltersAndSearchesTenThousandRowsAndDrawsOnlyTheVisibleOnes) {
    ConsoleState big = mailState();
    big.mail.entries.clear();
    const OutboxState cycle[] = {OutboxState::Sent, OutboxState::Sent, OutboxState::Queued, OutboxState::Failed,
                                 OutboxState::Unknown};
    for (int i = 1; i <= 10'000; ++i)
        big.mail.entries.push_back(entry(i, cycle[i % 5], i % 100 == 0 ? "Ana Przybylski" : "Jörg Müller"));
    ++big.mail.entriesVersion;
    MailScreen s(std::move(big));
    s.show(MailTab::Outbox);
    EXPECT_EQ(s.view().outbox().shownRows().size(), 10'000u);

    const auto start = std::chrono::steady_clock::now();
    int most = 0;
    for (int i = 0; i < 30; ++i) most = std::max(most, s.ui.frame(s.drawer()));
    const double ms = std::chrono::duration<double, std::milli>(std::chrono::steady_clock::now() - start).count() / 30;
    EXPECT_LT(most, 40'000) << "only the visible rows are drawn";
    EXPECT_LT(ms, 25.0) << "a frame of the 10,000-row outbox";

    s.view().outbox().setFilter(OutboxState::Failed);
    s.frames(1);
    EXPECT_EQ(s.view().outbox().shownRows().size(), 2'000u);
    s.view().outbox().setFilter(std::nullopt);
    s.view().outbox().setSearch("przyb");
    s.frames(1);
    EXPECT_EQ(s.view().outbox().shownRows().size(), 100u);
    s.view().outbox().setSearch("#42");
    s.frames(1);
    // 000042, 000142, ... 004200 ...: every number holding 42.
    for (int row : s.view().outbox().shownRows())
        EXPECT_NE(formatTicketNumber(s.state.mail.entries[static_cast<std::size_t>(row)].ticketNumber).find("42"),
                  std::string::npos);
    EXPECT_GT(s.view().outbox().shownRows().size(), 100u);
}

TEST(MailView, TheMessagePreviewIsFilledForTheAttendeeWithTheirQrCodeAndSaveSendsTheDraft) {
    MailScreen s;
    s.show(MailTab::Message);
    EXPECT_NE(std::find(s.commands.qrAsked.begin(), s.commands.qrAsked.end(), "QG1-PREVIEW"), s.commands.qrAsked.end())
        << "the attendee's QR code in the preview";
    EXPECT_FALSE(s.click("##mailEditor", "Save")) << "nothing changed";

    auto& message = s.view().message();
    message.setSubject("Your {event} ticket, ");
    message.insertPlaceholder("{name}");  // nothing typed yet: at the end of the body
    s.frames(1);
    EXPECT_EQ(message.draft().body.substr(message.draft().body.size() - 6), "{name}");
    ASSERT_TRUE(s.click("##mailEditor", "Save"));
    ASSERT_EQ(s.commands.mailCommands.templates.size(), 1u);
    EXPECT_EQ(s.commands.mailCommands.templates.back().subject, "Your {event} ticket, ");

    message.setSubject("   ");
    s.frames(1);
    EXPECT_FALSE(s.click("##mailEditor", "Save")) << "an empty subject is not saved";
}

}  // namespace
}  // namespace qrgate::views
