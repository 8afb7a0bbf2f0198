// Replaced by the scan pipeline (issue 3).
namespace qrgate::scan {}
