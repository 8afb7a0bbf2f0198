// The gate's rhythm, stepped without a window: auto mode, confirm mode, stale answers, undo.
#include <gtest/gtest.h>

#include "views/kiosk_flow.hpp"

namespace qrgate::views {
namespace {

IncomingScan scan(long long id, const std::string& text) { return {id, text, "test"}; }

IncomingVerdict verdict(long long scanId, bool admitted, Reason reason = Reason::None, bool validation = false,
                        const std::string& checkinId = "N1") {
    IncomingVerdict v;
    v.scanId = scanId;
    v.verdict.admitted = admitted;
    v.verdict.reason = reason;
    v.verdict.checkinId = validation ? "" : checkinId;
    v.verdict.ticket = TicketSummary{"T1", 7, "Ana Lima", "", "General", "#2E7D32"};
    v.validation = validation;
    v.code = "CODE";
    return v;
}

TEST(KioskFlow, AutoModeAdmitsOnScanShowsTheVerdictThenScansAgain) {
    KioskFlow flow;
    flow.configure(KioskMode::Auto, 2000);
    FlowAction a = flow.onScan(scan(1, "CODE"), 10.0);
    EXPECT_EQ(a.kind, FlowAction::Kind::Admit);
    EXPECT_EQ(a.code, "CODE");
    EXPECT_EQ(flow.phase(), KioskPhase::Deciding);

    flow.onVerdict(verdict(1, true), 10.1);
    EXPECT_EQ(flow.phase(), KioskPhase::Verdict);
    IncomingVerdict shown;
    EXPECT_TRUE(flow.takeNewlyShown(shown));
    EXPECT_FALSE(flow.takeNewlyShown(shown)) << "a verdict is announced once (one sound)";
    EXPECT_EQ(flow.lastAdmission(), "N1");

    flow.tick(11.0);
    EXPECT_EQ(flow.phase(), KioskPhase::Verdict);
    EXPECT_NEAR(flow.verdictElapsed(11.1), 0.5f, 0.01f);
    flow.tick(12.2);
    EXPECT_EQ(flow.phase(), KioskPhase::Scanning);
}

TEST(KioskFlow, TheNextPersonNeedNotWaitForTheScreenToClear) {
    KioskFlow flow;
    flow.configure(KioskMode::Auto, 3000);
    flow.onScan(scan(1, "A"), 0);
    flow.onVerdict(verdict(1, true), 0.1);
    FlowAction a = flow.onScan(scan(2, "B"), 0.5);
    EXPECT_EQ(a.kind, FlowAction::Kind::Admit);
    EXPECT_EQ(a.code, "B");
}

TEST(KioskFlow, ScansWhileDecidingAreIgnoredAndStaleAnswersToo) {
    KioskFlow flow;
    flow.configure(KioskMode::Auto, 2000);
    flow.onScan(scan(1, "A"), 0);
    EXPECT_EQ(flow.onScan(scan(2, "B"), 0.01).kind, FlowAction::Kind::None);
    flow.onVerdict(verdict(2, true), 0.02);  // not the one in flight
    EXPECT_EQ(flow.phase(), KioskPhase::Deciding);
    flow.onVerdict(verdict(1, false, Reason::AlreadyUsed), 0.03);
    EXPECT_EQ(flow.phase(), KioskPhase::Verdict);
    EXPECT_EQ(kindOf(flow.current()->verdict), VerdictKind::AlreadyUsed);
    EXPECT_TRUE(flow.lastAdmission().empty()) << "a refusal is nothing to undo";
}

TEST(KioskFlow, ConfirmModeChecksFirstAndAdmitsOnlyOnConfirm) {
    KioskFlow flow;
    flow.configure(KioskMode::Confirm, 2000);
    FlowAction a = flow.onScan(scan(1, "CODE"), 0);
    EXPECT_EQ(a.kind, FlowAction::Kind::Validate);
    flow.onVerdict(verdict(1, true, Reason::None, true), 0.1);
    EXPECT_EQ(flow.phase(), KioskPhase::Confirming);
    IncomingVerdict shown;
    EXPECT_FALSE(flow.takeNewlyShown(shown)) << "nothing is decided yet: no sound";
    flow.tick(100);  // waits for staff, however long
    EXPECT_EQ(flow.phase(), KioskPhase::Confirming);
    EXPECT_EQ(flow.onScan(scan(2, "OTHER"), 100).kind, FlowAction::Kind::None);

    FlowAction commit = flow.confirm(100.5);
    EXPECT_EQ(commit.kind, FlowAction::Kind::Admit);
    EXPECT_EQ(commit.code, "CODE");
    flow.onVerdict(verdict(1, true), 100.6);
    EXPECT_EQ(flow.phase(), KioskPhase::Verdict);
    EXPECT_EQ(flow.lastAdmission(), "N1");
}

TEST(KioskFlow, ConfirmModeScanNextCancels) {
    KioskFlow flow;
    flow.configure(KioskMode::Confirm, 2000);
    flow.onScan(scan(1, "CODE"), 0);
    flow.onVerdict(verdict(1, true, Reason::None, true), 0.1);
    flow.dismiss();
    EXPECT_EQ(flow.phase(), KioskPhase::Scanning);
    EXPECT_EQ(flow.confirm(1).kind, FlowAction::Kind::None);
}

TEST(KioskFlow, ConfirmModeShowsARefusalAtOnce) {
    KioskFlow flow;
    flow.configure(KioskMode::Confirm, 2000);
    flow.onScan(scan(1, "CODE"), 0);
    flow.onVerdict(verdict(1, false, Reason::Void, true), 0.1);
    EXPECT_EQ(flow.phase(), KioskPhase::Verdict);
    IncomingVerdict shown;
    EXPECT_TRUE(flow.takeNewlyShown(shown));
}

TEST(KioskFlow, ManualSearchAdmitsTheTicketItself) {
    KioskFlow flow;
    flow.configure(KioskMode::Auto, 2000);
    FlowAction a = flow.onManual(-1, "TICKET1", 0);
    EXPECT_EQ(a.kind, FlowAction::Kind::AdmitTicket);
    EXPECT_EQ(a.ticketId, "TICKET1");
    flow.configure(KioskMode::Confirm, 2000);
    flow.onVerdict(verdict(-1, true), 0.1);
    flow.dismiss();
    EXPECT_EQ(flow.onManual(-2, "TICKET2", 1).kind, FlowAction::Kind::ValidateTicket);
}

TEST(KioskFlow, UndoForgetsTheAdmission) {
    KioskFlow flow;
    flow.configure(KioskMode::Auto, 2000);
    flow.onScan(scan(1, "A"), 0);
    flow.onVerdict(verdict(1, true), 0.1);
    EXPECT_EQ(flow.lastAdmittedName(), "Ana Lima");
    flow.admissionUndone();
    EXPECT_TRUE(flow.lastAdmission().empty());
}

TEST(VerdictWords, EveryReasonHasPlainWordsAndAdvice) {
    for (Reason r : {Reason::Malformed, Reason::InvalidSignature, Reason::WrongEvent, Reason::NotFound, Reason::Void,
                     Reason::NotYetValid, Reason::Expired, Reason::WrongGate, Reason::AlreadyUsed, Reason::NotInside}) {
        EXPECT_STRNE(reasonTitle(r), "") << toCode(r);
        EXPECT_STRNE(reasonAdvice(r), "") << toCode(r);
        EXPECT_EQ(reasonTitle(toCode(r)), reasonTitle(r));
    }
    Verdict exit;
    exit.admitted = true;
    exit.direction = Direction::Exit;
    EXPECT_EQ(kindOf(exit), VerdictKind::Exit);
    EXPECT_STREQ(headline(VerdictKind::AlreadyUsed), "ALREADY USED");
}

TEST(KioskFlow, AGateProblemStaysOnScreenUntilStaffActAndTryAgainDecidesTheSameScan) {
    KioskFlow flow;
    flow.configure(KioskMode::Auto, 2000);
    flow.onScan(scan(1, "CODE"), 10.0);
    IncomingVerdict problem;
    problem.scanId = 1;
    problem.code = "CODE";
    problem.problem = GateProblem{"This gate's disk is full.", false};
    flow.onVerdict(problem, 10.1);
    EXPECT_EQ(flow.phase(), KioskPhase::Verdict);
    EXPECT_EQ(kindOf(*flow.current()), VerdictKind::GateProblem);
    EXPECT_TRUE(flow.lastAdmission().empty()) << "nothing was admitted: nothing to undo";
    flow.tick(30.0);
    EXPECT_EQ(flow.phase(), KioskPhase::Verdict) << "not cleared by the verdict timer: the scan is kept";

    FlowAction again = flow.retry(31.0);
    EXPECT_EQ(again.kind, FlowAction::Kind::Admit);
    EXPECT_EQ(again.code, "CODE");
    EXPECT_EQ(flow.phase(), KioskPhase::Deciding);
    flow.onVerdict(verdict(1, true), 31.2);
    EXPECT_EQ(kindOf(*flow.current()), VerdictKind::Admitted);
    EXPECT_EQ(flow.lastAdmission(), "N1");
    EXPECT_EQ(flow.retry(31.3).kind, FlowAction::Kind::None) << "only a problem can be retried";
}

// What a refusal says under the verdict word, for every reason and the messages the engine gives
// it: the headline, the reason's title, the engine's finding and what to do never say the same
// thing twice ("for another event" was on screen three times for a wrong_event refusal).
TEST(VerdictWords, NoSentenceOfARefusalIsSaidTwice) {
    const std::vector<std::pair<Reason, std::string>> cases = {
        {Reason::Malformed, "Not a qrgate ticket: the code does not start with QG."},
        {Reason::InvalidSignature, "Forged or altered code: the signature does not match."},
        {Reason::WrongEvent, "This ticket is for another event."},
        {Reason::WrongEvent, "This ticket is for an event this gate does not know."},
        {Reason::NotFound, "Genuine ticket, but not in this gate's list (issued after the last sync?)."},
        {Reason::NotFound, "No such ticket."},
        {Reason::Void, "This ticket has been voided."},
        {Reason::Void, "This code was replaced by a reissued ticket; ask for the new one."},
        {Reason::NotYetValid, "Not valid yet: valid from Sat 21 Nov 18:00."},
        {Reason::NotYetValid, "Not valid now: next valid from Sun 22 Nov 09:00."},
        {Reason::Expired, "Expired: was valid until Sat 21 Nov 23:00."},
        {Reason::Expired, "Expired: the event ended at Sat 21 Nov 23:00."},
        {Reason::WrongGate, "Not valid at this gate: VIP enters at North, East."},
        {Reason::AlreadyUsed, "Already used at 18:02, gate South."},
        {Reason::AlreadyUsed, "Already inside since 18:02, gate South."},
        {Reason::NotInside, "Exit refused: this ticket is not checked in."},
        {Reason::Malformed, ""},
    };
    for (const auto& [reason, message] : cases) {
        Verdict v;
        v.reason = reason;
        v.message = message;
        const RefusalWords words = refusalWords(v);
        EXPECT_FALSE(words.whatToDo.empty()) << toCode(reason);
        std::vector<std::string> said = {headline(kindOf(v))};
        for (const std::string* line : {&words.title, &words.detail, &words.whatToDo})
            for (auto& sentence : sentencesOf(*line)) said.push_back(sentence);
        for (std::size_t i = 0; i < said.size(); ++i)
            for (std::size_t j = i + 1; j < said.size(); ++j)
                EXPECT_FALSE(repeatsSentence(said[i], said[j]))
                    << toCode(reason) << " says twice: '" << said[i] << "' and '" << said[j] << "'";
    }
    // The case the volunteers saw.
    Verdict wrongEvent;
    wrongEvent.reason = Reason::WrongEvent;
    wrongEvent.message = "This ticket is for another event.";
    const RefusalWords w = refusalWords(wrongEvent);
    const std::string all = w.title + " | " + w.detail + " | " + w.whatToDo;
    EXPECT_EQ(all.find("another event"), all.rfind("another event")) << all;
    // What the engine found beyond the reason stays: when it was valid, which gates to use.
    Verdict expired;
    expired.reason = Reason::Expired;
    expired.message = "Expired: was valid until Sat 21 Nov 23:00.";
    EXPECT_EQ(refusalWords(expired).detail, "Was valid until Sat 21 Nov 23:00.");
    Verdict gate;
    gate.reason = Reason::WrongGate;
    gate.message = "Not valid at this gate: VIP enters at North, East.";
    EXPECT_EQ(refusalWords(gate).detail, "VIP enters at North, East.");
}

TEST(VerdictWords, RepeatedSentencesAreRecognised) {
    EXPECT_TRUE(repeatsSentence("This ticket is for another event.", "Ticket for another event"));
    EXPECT_TRUE(repeatsSentence("This ticket has been voided.", "Ticket cancelled (void)"));
    EXPECT_TRUE(repeatsSentence("Exit refused", "REFUSED"));
    EXPECT_FALSE(repeatsSentence("Search by name (F1) or call a supervisor.", "Unknown ticket"));
    EXPECT_EQ(sentencesOf("Expired: was valid until 23:00. Ask why."),
              (std::vector<std::string>{"Expired", "was valid until 23:00.", "Ask why."}));
}

TEST(VerdictWords, ConfirmModeRecordsAnExitRatherThanAdmitting) {
    EXPECT_STREQ(confirmAction(Direction::Entry), "Admit");
    EXPECT_STREQ(confirmAction(Direction::Exit), "Record exit");
}

// ALREADY USED tells staff the gate, as they call it, not the computer that recorded the scan.
TEST(VerdictWords, AFirstUseNamesTheGateNotTheComputer) {
    const FirstCheckin first{1'790'000'000'000, "South", "ubuntu-kiosk-pc"};
    const std::string text = firstUseText(first, "UTC");
    EXPECT_EQ(text.rfind("First used at ", 0), 0u) << text;
    EXPECT_NE(text.find("at gate South"), std::string::npos) << text;
    EXPECT_EQ(text.find("ubuntu-kiosk-pc"), std::string::npos) << "the hostname is not for the staff: " << text;
}

}  // namespace
}  // namespace qrgate::views
