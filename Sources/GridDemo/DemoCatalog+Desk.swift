extension DemoCatalog {
    /// The State Council's 2026 holidays and make-up workdays (国办发明电〔2025〕7号,
    /// published 2025-11-04).
    static let calendarJSON = """
        {"year":2026,
         "source":"国务院办公厅关于2026年部分节假日安排的通知（国办发明电〔2025〕7号）",
         "holidays":[
          {"name":"元旦","from":"2026-01-01","to":"2026-01-03"},
          {"name":"春节","from":"2026-02-15","to":"2026-02-23"},
          {"name":"清明节","from":"2026-04-04","to":"2026-04-06"},
          {"name":"劳动节","from":"2026-05-01","to":"2026-05-05"},
          {"name":"端午节","from":"2026-06-19","to":"2026-06-21"},
          {"name":"中秋节","from":"2026-09-25","to":"2026-09-27"},
          {"name":"国庆节","from":"2026-10-01","to":"2026-10-07"}
         ],
         "workdays":[
          {"name":"元旦调休上班","date":"2026-01-04"},
          {"name":"春节调休上班","date":"2026-02-14"},
          {"name":"春节调休上班","date":"2026-02-28"},
          {"name":"劳动节调休上班","date":"2026-05-09"},
          {"name":"国庆节调休上班","date":"2026-09-20"},
          {"name":"国庆节调休上班","date":"2026-10-10"}
         ]}

        """

    /// The demo's desk rules: who handles what ("小事村上办、难事乡镇担、大事区里管"), when
    /// urgency or a complaint raises it, who assists, and the desk's windows.
    static let rulesJSON = """
        {"callback_rate":0.2,"callback_seed":"panzhihua-dongqu","duplicates":{"radius_m":50,"days":7},
         "repeat_days":30,"due_soon_hours":24,
         "rules":[
          {"id":"R-property","category":"property","level":"community","raise":[{"kind":"complain","level":"street"},{"urgency":"critical","level":"district"}],"note":"物业纠纷先由社区调处，投诉升街道"},
          {"id":"R-sanitation","category":"sanitation","level":"community","raise":[{"urgency":"critical","level":"district"}]},
          {"id":"R-neighbour","category":"neighbour","level":"community","note":"邻里纠纷由社区调解"},
          {"id":"R-elderly","category":"elderly","level":"community","raise":[{"urgency":"critical","level":"district"}]},
          {"id":"R-noise","category":"noise","level":"street","raise":[{"kind":"complain","level":"district"}]},
          {"id":"R-safety","category":"safety","level":"street","raise":[{"urgency":"urgent","level":"district"},{"urgency":"critical","level":"district"}],"assist":["community"],"note":"安全隐患由街道牵头，社区配合"},
          {"id":"R-water","category":"water","level":"district","assist":["street"],"note":"供水由水务公司主办，街道属地协办"},
          {"id":"R-drainage","category":"drainage","level":"district","assist":["street"]},
          {"id":"R-roads","category":"roads","level":"district","assist":["street"]},
          {"id":"R-officials","category":"officials","level":"district","note":"反映干部作风问题由纪委监委办理"},
          {"id":"R-default","category":"*","note":"其余类别按类别默认层级办理"}
         ]}

        """
}
