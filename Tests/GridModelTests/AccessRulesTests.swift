import GridGeo
import GridModel
import Testing

/// The role table, petition scopes and the masks, without any I/O.
@Suite struct AccessRulesTests {
    static func caller(_ role: Role, unit: String? = nil, area: String? = nil) -> Caller {
        Caller(token: ApiToken(id: "wg_test", role: role, area: area, unit: unit, createdAt: Timestamp(seconds: 0)))
    }

    static func petition(category: String = "water", unit: String? = "U-D", assisting: [String] = [], grid: String = "G1") -> Petition {
        var p = Petition(id: "P1", receivedAt: Timestamp(seconds: 0), channel: .hotline, kind: .request, category: category,
                         urgency: .normal, text: "t", address: nil, location: nil, status: .dispatched)
        p.unit = unit
        p.assistingUnits = assisting
        p.placement = AreaPlacement(ids: [.grid: grid, .community: "C1", .street: "S1", .district: "D"])
        return p
    }

    @Test func theRoleTable() {
        #expect(!Caller.anonymous.may(.readPetitions) && !Self.caller(.planner).may(.readPetitions))
        #expect(Self.caller(.inspector).may(.readPetitions) && !Self.caller(.inspector).may(.post(.note)))
        // An inspector's one write is a supervision (督办).
        #expect(Self.caller(.inspector).may(.post(.supervise)) && !Self.caller(.inspector).may(.post(.dispatch)))
        #expect(Self.caller(.inspector).may(.postEvents) && Self.caller(.gridWorker).may(.postEvents))
        #expect(Self.caller(.gridWorker).may(.post(.screen)) && !Self.caller(.unit).may(.post(.screen)))
        #expect(Self.caller(.unit).may(.post(.sendBack)) && !Self.caller(.unit).may(.post(.approveExtension)))
        #expect(Self.caller(.dispatcher).may(.searchCallers) && !Self.caller(.inspector).may(.searchCallers))
        #expect(Self.caller(.unit).may(.post(.resolve)) && !Self.caller(.unit).may(.post(.dispatch)))
        #expect(!Self.caller(.unit).may(.post(.evaluate)) && !Self.caller(.unit).may(.takePetitions))
        #expect(Self.caller(.gridWorker).may(.takePetitions) && !Self.caller(.gridWorker).may(.post(.accept)))
        #expect(Self.caller(.dispatcher).may(.post(.merge)) && Self.caller(.admin).may(.seeSensitiveCategories))
        #expect(!Self.caller(.unit).may(.seeSensitiveCategories) && Self.caller(.inspector).may(.seeSensitiveCategories))
        #expect(!Self.caller(.unit).may(.readResidents) && Self.caller(.dispatcher).may(.readResidents))
        #expect(Self.caller(.gridWorker).seesResidentsWhole && !Self.caller(.dispatcher).seesResidentsWhole)
        #expect(!Self.caller(.inspector).seesPersonalData && Self.caller(.unit).seesPersonalData && !Caller.anonymous.seesPersonalData)
    }

    @Test func scopesFollowTheUnitTheAreaAndTheSensitiveCategories() {
        let sensitive: Set<String> = ["officials"]
        let unit = Self.caller(.unit, unit: "U-S1")
        #expect(!unit.sees(Self.petition(), sensitive: sensitive))
        #expect(unit.sees(Self.petition(assisting: ["U-S1"]), sensitive: sensitive), "协办 units see the case")
        #expect(unit.sees(Self.petition(category: "officials", unit: "U-S1"), sensitive: sensitive), "the unit a sensitive case is routed to reads it")
        #expect(!Self.caller(.unit, unit: "U-C1").sees(Self.petition(category: "officials", unit: "U-S1"), sensitive: sensitive))
        #expect(!Self.caller(.gridWorker, area: "C1").sees(Self.petition(category: "officials", unit: "U-S1"), sensitive: sensitive))
        let worker = Self.caller(.gridWorker, area: "C1")
        #expect(worker.sees(Self.petition(grid: "G7"), sensitive: sensitive), "a community covers its grid cells")
        #expect(!Self.caller(.gridWorker, area: "G2").sees(Self.petition(), sensitive: sensitive))
        #expect(Self.caller(.inspector).sees(Self.petition(category: "officials"), sensitive: sensitive))
        #expect(!Self.caller(.planner).sees(Self.petition(), sensitive: sensitive))
        #expect(Self.caller(.planner).hiddenCategories(sensitive: sensitive) == sensitive)
        #expect(Self.caller(.dispatcher).petitionScope(sensitive: sensitive) == PetitionScope())
    }

    @Test func numbersTypedIntoTextAreMaskedButCodesAndDatesAreNot() {
        #expect(PersonalDataMask.text("请回电13912345678谢谢") == "请回电139****5678谢谢")
        #expect(PersonalDataMask.text("身份证11010519491231002X，座机0812-3334444") == "身份证1101**********002X，座机081*-***4444")
        #expect(PersonalDataMask.text("电话１３９１２３４５６７８") == "电话１３９****５６７８", "full-width digits too")
        #expect(PersonalDataMask.text("与 SQ20261123000001 重复，见 B01695") == "与 SQ20261123000001 重复，见 B01695")
        #expect(PersonalDataMask.text("2026-11-23 23:59:59 前办结，3栋2单元501") == "2026-11-23 23:59:59 前办结，3栋2单元501")
        #expect(PersonalDataMask.text("固话08123334444") == "固话081****4444")
        #expect(PersonalDataMask.text("Tel13912345678") == "Tel139****5678", "a mobile number is one even after letters")
    }

    /// Every way people write their numbers: separators, brackets, +86, spaces inside ID numbers,
    /// full-width digits and separators.
    @Test(arguments: [
        ("电话138-1234-5678", "电话138-****-5678"),
        ("电话138 1234 5678", "电话138 **** 5678"),
        ("电话138.1234.5678", "电话138.****.5678"),
        ("电话(138)12345678", "电话(138)****5678"),
        ("+86 138 1234 5678", "+86 138 **** 5678"),
        ("+86-13812345678", "+86-138****5678"),
        ("8613812345678", "86138****5678"),
        ("（0812）333-4444", "（081*）***-4444"),
        ("0812 3334444转8", "081* ***4444转8"),
        ("身份证 5104 0219 9001 0112 34", "身份证 5104 **** **** **12 34"),
        ("身份证510402-19900101-123X", "身份证5104**-********-123X"),
        ("电话１３８－１２３４－５６７８", "电话１３８－****－５６７８"),
        ("电话１３８　１２３４　５６７８", "电话１３８　****　５６７８"),
        ("家里8765-4321", "家里****-4321"),
    ])
    func numbersWrittenWithSeparatorsAreMasked(_ typed: String, _ masked: String) {
        #expect(PersonalDataMask.text(typed) == masked)
    }

    @Test func datesRoomsAndYearRangesKeepTheirDigits() {
        for text in ["2026-11-23 23:59:59 前办结", "12-3-1001室漏水", "2020-2025 年间", "第 3.5 期", "2026.05.01 上午", "金额 12,000 元"] {
            #expect(PersonalDataMask.text(text) == text)
        }
        // A phone right after a date is still found.
        #expect(PersonalDataMask.text("2025-12-01 138-1234-5678") == "2025-12-01 138-****-5678")
    }
}
