import GridGeo
import GridModel
import GridService
import HTTPTypes
import Hummingbird

/// `GET /reports/monthly?month=&area=&format=json|html`: the monthly report (月报) — the same
/// figures as `/stats` for the month and area, as JSON or as one self-contained HTML page.
struct ReportsController {
    typealias Context = WanggeRequestContext
    let desk: PetitionDesk
    let warnings: EarlyWarnings
    /// The server's heat-map ledger, shared rather than read again for every report.
    let ledgers: StoreSnapshot<PetitionLedger>

    enum Format: String, CaseIterable { case json, html }

    func addRoutes(to router: Router<Context>) {
        router.get("/reports/monthly") { request, context in try await monthly(request, context) }
    }

    func monthly(_ request: Request, _ context: Context) async throws -> Response {
        let q = try ParameterReader(request, allowed: ["month", "area", "format"])
        guard let month = q.string("month") else { throw ParameterError(.missing, "month", "required: a month such as 2026-05") }
        let format: Format = try q.choice("format", default: .json)
        let (desk, warnings, ledgers, caller, area) = (desk, warnings, ledgers, context.caller, q.string("area"))
        let report: MonthlyReport
        do {
            report = try await blocking { try MonthlyReport.build(month: month, area: area, desk: desk, warnings: warnings, ledger: try ledgers.current(),
                                                          for: caller) }
        } catch DeskError.invalid(let problems) {
            throw ParameterError(.invalid, problems.first?.field ?? "month", problems.first?.reason ?? "invalid")
        }
        let registry = try desk.registry()
        switch format {
        case .json: return .json(report.json(registry: registry))
        case .html:
            // Self-contained: styles inline, no script, maps as SVG.
            var headers = HTTPFields()
            headers[HTTPField.Name("Content-Security-Policy")!] = "default-src 'none'; style-src 'unsafe-inline'; img-src data:"
            return .body(report.html(registry: registry).utf8, contentType: PageAssets.html, headers: headers)
        }
    }
}
