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

}  // namespace
}  // namespace qrgate::views
