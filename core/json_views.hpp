#pragma once
// The JSON shapes of the fixed contracts (CLI --json and the HTTP API), in one place so that
// both speak exactly the same language.
#include <nlohmann/json.hpp>

#include "core/checkin_log.hpp"
#include "core/model.hpp"
#include "core/ticket_issuer.hpp"
#include "core/verdict.hpp"

namespace qrgate {

// {"ok","status","reason"?,"message","ticket"?,"firstCheckin"?,"offline"?,"checkinId"?,"direction"}
nlohmann::json toJson(const Verdict& v);
// {"id","number","name","email","type","state","issuedAt","entriesUsed","inside"}; never the secret
nlohmann::json toJson(const Ticket& t, const std::string& timeZone = "UTC");
nlohmann::json toJson(const Event& e);
nlohmann::json toJson(const TicketType& t, const std::string& timeZone = "UTC");
nlohmann::json toJson(const Checkin& c, const std::string& timeZone = "UTC");
nlohmann::json toJson(const CheckinStats& s);
// [{"id","number","name","email","type","qrData"}]: newly issued tickets with their codes
nlohmann::json toJson(const std::vector<IssuedTicket>& issued);

}  // namespace qrgate
