import Foundation
import GridGeo
import GridModel

/// The monthly report as one self-contained HTML page: figures as tables, maps and charts drawn
/// into the page as SVG (no script, no file beside it), laid out to print on A4.
extension MonthlyReport {
    public func html(registry: DeskRegistry) -> String {
        let title = (area?.name ?? "全区") + " \(month) 诉求月报"
        var body = "<h1>\(escape(title))</h1>\n<p class=\"meta\">统计口径：受理时间在 \(month) 内（北京时间）的诉求；各项数字与 /stats 同月同区域的结果一致。</p>\n"
        body += section("一、总体情况（一比三率）", kpiTable())
        body += section("二、万人诉求比（按社区）", choropleth() + areaTable())
        body += section("三、诉求类别排行", categoryChart())
        body += section("四、问题集中的地方（预警）", warningList())
        body += section("五、责任单位", unitLists())
        body += section("六、超期与督办", overdueTable())
        body += section("七、典型案例", typicalCases())
        return """
            <!doctype html>
            <html lang="zh-CN"><head><meta charset="utf-8"><title>\(escape(title))</title>
            <style>
            body{font:13px/1.5 "Noto Sans CJK SC","WenQuanYi Micro Hei",sans-serif;color:#1a202c;max-width:900px;margin:24px auto;padding:0 16px}
            h1{font-size:22px;margin:0 0 4px}h2{font-size:16px;border-bottom:2px solid #2b6cb0;padding-bottom:2px;margin-top:24px}
            .meta{color:#718096}table{border-collapse:collapse;width:100%;margin:8px 0}th,td{border:1px solid #cbd5e0;padding:3px 6px;text-align:left}
            th{background:#edf2f7;font-weight:normal}td.n{text-align:right}.up{color:#c53030}.down{color:#2f855a}
            svg{display:block;margin:8px 0;max-width:100%;height:auto}.legend span{display:inline-block;width:14px;height:10px;margin:0 2px 0 10px}
            section{break-inside:avoid}@media print{body{margin:0;max-width:none}h2{break-after:avoid}}
            </style></head><body>
            \(body)</body></html>
            """
    }

    private func section(_ heading: String, _ content: String) -> String { "<section><h2>\(escape(heading))</h2>\n\(content)</section>\n" }

    private func escape(_ s: String) -> String {
        var out = ""
        for c in s {
            switch c {
            case "&": out += "&amp;"
            case "<": out += "&lt;"
            case ">": out += "&gt;"
            case "\"": out += "&quot;"
            default: out.append(c)
            }
        }
        return out
    }

    private func percent(_ v: JSONValue?) -> String { v?.doubleValue.map { String(format1(($0 * 1000).rounded() / 10)) + "%" } ?? "—" }
    private func format1(_ v: Double) -> String { String((v * 10).rounded() / 10) }

    /// The rates with 环比 (the month before) and 同比 (the month a year before).
    private func kpiTable() -> String {
        let total = byArea["total"], previous = byArea["total"]?["previous"], yearAgo = yearBefore["total"]
        let rows: [(String, String, Bool)] = [ // name, key, whether a rate
            ("诉求量（件）", "petitions", false), ("万人诉求比", "per_10k_residents", false), ("响应率", "response_rate", true),
            ("解决率", "resolution_rate", true), ("满意率", "satisfaction_rate", true), ("按时办结率", "on_time_rate", true),
            ("重复诉求率", "repeat_rate", true), ("回访覆盖率", "callback_coverage", true),
        ]
        var html = "<table><tr><th>指标</th><th>本月</th><th>上月（环比）</th><th>去年同月（同比）</th></tr>\n"
        for (name, key, rate) in rows {
            func cell(_ v: JSONValue?) -> String {
                if rate { return percent(v?[key]) }
                guard let n = v?[key]?.doubleValue else { return "—" }
                return key == "petitions" ? String(Int(n)) : format1(n)
            }
            html += "<tr><td>\(name)</td><td class=\"n\">\(cell(total))</td><td class=\"n\">\(cell(previous))</td><td class=\"n\">\(cell(yearAgo))</td></tr>\n"
        }
        return html + "</table>"
    }

    /// Communities coloured by petitions per 10,000 residents (quintiles), with their names.
    private func choropleth() -> String {
        guard !communities.isEmpty else { return "<p>没有社区边界。</p>" }
        var box = BoundingBox.empty
        for c in communities { box.extend(c.outline.boundingBox) }
        let values = communities.compactMap(\.per10k).sorted()
        let colours = ["#fff5eb", "#fdd0a2", "#fd8d3c", "#e6550d", "#a63603"]
        func colour(_ v: Double?) -> String {
            guard let v, !values.isEmpty else { return "#edf2f7" }
            let rank = values.firstIndex { $0 >= v } ?? values.count - 1
            return colours[min(4, rank * 5 / max(values.count, 1))]
        }
        var svg = outlineSVG(box: box) { project in
            communities.map { c in
                "<path d=\"\(path(c.outline, project))\" fill=\"\(colour(c.per10k))\" stroke=\"#4a5568\" stroke-width=\"0.6\"><title>\(escape(c.name))：\(c.per10k.map(format1) ?? "—")</title></path>"
            }.joined()
        }
        svg += "<p class=\"legend\">每万人诉求（五分位）" + colours.map { "<span style=\"background:\($0)\"></span>" }.joined() + "（由低到高）</p>"
        return svg
    }

    private func outlineSVG(box: BoundingBox, width: Double = 860, _ content: ((Coordinate) -> (Double, Double)) -> String) -> String {
        // Equirectangular, true to scale at the middle latitude: right for a district.
        let kx = cos((box.minLat + box.maxLat) / 2 * Double.pi / 180)
        let w = max((box.maxLon - box.minLon) * kx, 1e-9), h = max(box.maxLat - box.minLat, 1e-9)
        let scale = width / w, height = h * scale
        let project: (Coordinate) -> (Double, Double) = { c in ((c.lon - box.minLon) * kx * scale, (box.maxLat - c.lat) * scale) }
        return "<svg viewBox=\"0 0 \(Int(width)) \(Int(height.rounded()))\" xmlns=\"http://www.w3.org/2000/svg\">" + content(project) + "</svg>"
    }

    private func path(_ m: MultiPolygon, _ project: (Coordinate) -> (Double, Double)) -> String {
        m.polygons.flatMap(\.rings).map { ring in
            ring.enumerated().map { k, c in
                let (x, y) = project(c)
                return (k == 0 ? "M" : "L") + format1(x) + "," + format1(y)
            }.joined() + "Z"
        }.joined()
    }

    private func areaTable() -> String {
        var html = "<table><tr><th>\(subLevel.chineseName)</th><th>诉求量</th><th>万人诉求比</th><th>解决率</th><th>满意率</th></tr>\n"
        for g in byArea["groups"]?.arrayValue ?? [] {
            html += "<tr><td>\(escape(g["name"]?.stringValue ?? ""))</td><td class=\"n\">\(Int(g["petitions"]?.doubleValue ?? 0))</td><td class=\"n\">\(g["per_10k_residents"]?.doubleValue.map(format1) ?? "—")</td><td class=\"n\">\(percent(g["resolution_rate"]))</td><td class=\"n\">\(percent(g["satisfaction_rate"]))</td></tr>\n"
        }
        return html + "</table>"
    }

    /// Categories as bars, with the change against the month before.
    private func categoryChart() -> String {
        let groups = Array((byCategory["groups"]?.arrayValue ?? []).prefix(10))
        guard let most = groups.compactMap({ $0["petitions"]?.doubleValue }).max(), most > 0 else { return "<p>本月没有诉求。</p>" }
        var svg = "<svg viewBox=\"0 0 860 \(groups.count * 24 + 8)\" xmlns=\"http://www.w3.org/2000/svg\" font-size=\"12\">"
        for (k, g) in groups.enumerated() {
            let n = g["petitions"]?.doubleValue ?? 0, before = g["previous"]?["petitions"]?.doubleValue
            let y = k * 24 + 4
            let change = before.map { $0 > 0 ? " \(n >= $0 ? "+" : "")\(format1((n - $0) / $0 * 100))%" : "" } ?? ""
            svg += "<text x=\"0\" y=\"\(y + 14)\">\(escape(g["name"]?.stringValue ?? ""))</text>"
            svg += "<rect x=\"140\" y=\"\(y)\" width=\"\(format1(n / most * 560))\" height=\"18\" fill=\"#2b6cb0\"></rect>"
            svg += "<text x=\"\(format1(146 + n / most * 560))\" y=\"\(y + 14)\">\(Int(n))件\(escape(change))</text>"
        }
        return svg + "</svg>"
    }

    /// The month's 500 m hexagons (darker: more petitions) under the communities and the warnings.
    private func warningList() -> String {
        var box = BoundingBox.empty
        for c in communities { box.extend(c.outline.boundingBox) }
        for w in warnings { box.extend(w.outline.boundingBox) }
        guard !box.isEmpty else { return "<p>没有地图数据。</p>" }
        let most = Double(hexagons.map(\.count).max() ?? 1)
        let svg = outlineSVG(box: box) { project in
            hexagons.compactMap { h -> String? in
                guard case .polygon(let p) = h.outline else { return nil }
                let shade = String(format: "%.2f", 0.08 + 0.72 * Double(h.count) / most)
                return "<path d=\"\(path(MultiPolygon([p]), project))\" fill=\"#dd6b20\" fill-opacity=\"\(shade)\" stroke=\"none\"><title>\(h.count)件</title></path>"
            }.joined()
                + communities.map { "<path d=\"\(path($0.outline, project))\" fill=\"none\" stroke=\"#a0aec0\" stroke-width=\"0.6\"></path>" }.joined()
                + warnings.map { "<path d=\"\(path($0.outline, project))\" fill=\"#e53e3e\" fill-opacity=\"0.35\" stroke=\"#c53030\"><title>\(escape($0.summary))</title></path>" }.joined()
        }
        let legend = "<p class=\"legend\">橙色六边形（边长500米）：本月诉求，颜色越深越多；红色：预警。</p>"
        guard !warnings.isEmpty else { return svg + legend + "<p>本月没有聚集或反复发生的预警。</p>" }
        var html = svg + legend + "<table><tr><th>编号</th><th>类型</th><th>时间</th><th>情况</th><th>状态</th></tr>\n"
        for w in warnings {
            html += "<tr><td>\(w.id)</td><td>\(w.kind.chineseName)</td><td>\(Timestamp.date(ofDay: w.startDay))～\(Timestamp.date(ofDay: w.endDay))</td><td>\(escape(w.summary))</td><td>\(w.status.chineseName)</td></tr>\n"
        }
        return html + "</table>"
    }

    private func unitLists() -> String {
        func list(_ key: String) -> String {
            (byUnit["ranking"]?[key]?.arrayValue ?? []).map { "\(escape($0["name"]?.stringValue ?? ""))（\(percent($0["score"]))）" }.joined(separator: "、")
        }
        let cards = (byUnit["groups"]?.arrayValue ?? []).filter { $0["warning"] != nil && $0["warning"] != .null }.map { g in
            "<li>\(g["warning"]?["level"]?.stringValue == "red" ? "红牌" : "黄牌")：\(escape(g["name"]?.stringValue ?? ""))——\(escape((g["warning"]?["reasons"]?.arrayValue ?? []).compactMap(\.stringValue).joined(separator: "；")))</li>"
        }
        return "<p>红榜：\(list("red").isEmpty ? "—" : list("red"))</p><p>黑榜：\(list("black").isEmpty ? "—" : list("black"))</p>"
            + (cards.isEmpty ? "<p>本月没有单位被亮牌。</p>" : "<ul>" + cards.joined() + "</ul>")
    }

    private func overdueTable() -> String {
        var html = "<p>超期未办结 \(overdue.count) 件（列前 20 件），督办 \(supervised) 次。</p>"
        guard !overdue.isEmpty else { return html }
        html += "<table><tr><th>编号</th><th>类别</th><th>主办单位</th><th>超期（小时）</th></tr>\n"
        for o in overdue {
            html += "<tr><td>\(o.id)</td><td>\(escape(o.category))</td><td>\(escape(o.unit ?? "—"))</td><td class=\"n\">\(format1(o.hoursLate))</td></tr>\n"
        }
        return html + "</table>"
    }

    private func typicalCases() -> String {
        guard !typical.isEmpty else { return "<p>本月没有办结并评价的案例。</p>" }
        return "<ul>" + typical.map { "<li><b>\($0.id)</b>（\(escape($0.category))，\(escape($0.rating ?? ""))）：\(escape($0.text))</li>" }.joined() + "</ul>"
    }
}
