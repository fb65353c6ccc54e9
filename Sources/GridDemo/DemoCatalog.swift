import GridModel

/// The demo's categories and the district bureaus that handle them.
enum DemoCatalog {
    struct CategorySpec {
        var code: String
        var zh: String
        var en: String
        var level: AreaLevel
        var share: Double
        var replyDays: Int
        var resolveDays: Int
        var sensitive = false
        var texts: [String]
    }

    /// Shares follow the mix the published reports describe: property, sanitation and water
    /// lead; reports about officials are rare.
    static let categories: [CategorySpec] = [
        .init(code: "property", zh: "物业管理", en: "Property management", level: .community, share: 17, replyDays: 5, resolveDays: 20,
              texts: ["{c}物业不作为，楼道灯坏了两个月没人修", "{c}电梯经常停运，老人上下楼困难", "{c}物业费上涨没有公示", "{c}小区门禁损坏，陌生人随意进出"]),
        .init(code: "sanitation", zh: "环境卫生", en: "Sanitation", level: .community, share: 12, replyDays: 5, resolveDays: 15,
              texts: ["{c}垃圾桶满了没人清运，气味很大", "{r}路边堆放建筑垃圾", "{c}化粪池外溢，污水流到路上", "{r}公厕卫生差，长期无人打扫"]),
        .init(code: "water", zh: "供水", en: "Water supply", level: .district, share: 10, replyDays: 3, resolveDays: 10,
              texts: ["{c}{b}栋楼下水管爆裂，路面积水", "{c}停水两天了，没有任何通知", "{c}自来水发黄有异味", "{r}消防栓漏水严重"]),
        .init(code: "roads", zh: "道路交通", en: "Roads and traffic", level: .district, share: 8, replyDays: 5, resolveDays: 20,
              texts: ["{r}路面塌陷，有安全隐患", "{r}红绿灯故障，路口拥堵", "{r}井盖缺失，夜间很危险", "{r}人行道被占用停车"]),
        .init(code: "noise", zh: "噪声扰民", en: "Noise", level: .street, share: 8, replyDays: 3, resolveDays: 15,
              texts: ["{r}夜间施工噪音扰民", "{c}楼下烧烤店深夜喧哗", "{r}广场舞音响声音太大", "{c}装修噪音中午不停"]),
        .init(code: "housing", zh: "住房建设", en: "Housing and construction", level: .district, share: 7, replyDays: 5, resolveDays: 20,
              texts: ["{c}{b}栋外墙瓷砖脱落", "{c}老旧小区改造进度慢", "{c}屋顶漏水，维修基金申请不下来", "{c}{b}栋墙体开裂"]),
        .init(code: "subsidy", zh: "补贴救助", en: "Subsidies and relief", level: .street, share: 6, replyDays: 5, resolveDays: 20,
              texts: ["低保金这个月没有到账", "高龄津贴申请材料交了三个月没有回音", "临时救助怎么申请", "残疾人补贴停发了"]),
        .init(code: "labor", zh: "劳动保障", en: "Labour and wages", level: .district, share: 5, replyDays: 5, resolveDays: 30,
              texts: ["工地拖欠农民工工资", "公司不给缴社保", "辞职后单位扣押工资", "{r}装修公司欠薪"]),
        .init(code: "market", zh: "市场监管", en: "Market regulation", level: .district, share: 5, replyDays: 5, resolveDays: 15,
              texts: ["{r}农贸市场缺斤少两", "{r}餐馆卫生条件差", "{r}药店高价卖口罩", "预付卡商家跑路"]),
        .init(code: "drainage", zh: "排水防涝", en: "Drainage", level: .district, share: 4, replyDays: 3, resolveDays: 10,
              texts: ["{r}下雨积水严重，排水沟堵塞", "{c}地下车库进水", "{r}雨水井堵塞"]),
        .init(code: "neighbour", zh: "邻里纠纷", en: "Neighbour disputes", level: .community, share: 4, replyDays: 3, resolveDays: 15,
              texts: ["{c}{b}栋楼上漏水到我家，协商不成", "{c}邻居占用楼道堆放杂物", "{c}邻居养狗不拴绳"]),
        .init(code: "medical", zh: "医疗卫生", en: "Health care", level: .district, share: 3, replyDays: 5, resolveDays: 20,
              texts: ["社区卫生服务中心排队时间太长", "社区卫生服务中心医生态度差", "社区卫生服务中心药品短缺", "医保报销比例有疑问"]),
        .init(code: "elderly", zh: "养老服务", en: "Elderly care", level: .community, share: 3, replyDays: 5, resolveDays: 20,
              texts: ["{c}独居老人需要上门探访", "社区食堂饭菜价格上涨", "{c}希望增设老年活动室"]),
        .init(code: "safety", zh: "安全隐患", en: "Safety hazards", level: .street, share: 3, replyDays: 1, resolveDays: 10,
              texts: ["{c}{b}栋楼道电动车充电，存在火灾隐患", "{r}广告牌松动随时可能掉落", "{c}燃气管道老化"]),
        .init(code: "pollution", zh: "环境污染", en: "Pollution", level: .district, share: 2, replyDays: 5, resolveDays: 20,
              texts: ["{r}工厂排放黑烟", "{r}河道有污水直排", "{r}扬尘污染严重"]),
        .init(code: "education", zh: "教育", en: "Education", level: .district, share: 2, replyDays: 5, resolveDays: 20,
              texts: ["学区划分不合理", "学校周边交通拥堵", "课后服务收费有疑问"]),
        .init(code: "power", zh: "供电", en: "Power supply", level: .district, share: 1.5, replyDays: 1, resolveDays: 10,
              texts: ["{c}频繁停电", "{r}路灯不亮", "{c}电压不稳，电器损坏"]),
        .init(code: "officials", zh: "干部作风", en: "Conduct of officials", level: .district, share: 0.5, replyDays: 5, resolveDays: 30,
              sensitive: true, texts: ["反映社区工作人员办事推诿", "反映某单位工作人员态度恶劣", "反映低保评定不公"]),
    ]

    struct BureauSpec {
        var id: String
        var name: String
        var categories: [String]
    }

    static let bureaus: [BureauSpec] = [
        .init(id: "U-water", name: "攀枝花市水务（集团）有限公司东区分公司", categories: ["water", "drainage"]),
        .init(id: "U-housing", name: "东区住房和城乡建设局", categories: ["housing", "property", "safety"]),
        .init(id: "U-urban", name: "东区城市管理和综合执法局", categories: ["roads", "sanitation", "noise", "drainage"]),
        .init(id: "U-health", name: "东区卫生健康局", categories: ["medical", "elderly"]),
        .init(id: "U-civil", name: "东区民政局", categories: ["subsidy", "elderly"]),
        .init(id: "U-hrss", name: "东区人力资源和社会保障局", categories: ["labor"]),
        .init(id: "U-market", name: "东区市场监督管理局", categories: ["market"]),
        .init(id: "U-eco", name: "攀枝花市生态环境局东区分局", categories: ["pollution", "noise"]),
        .init(id: "U-edu", name: "东区教育和体育局", categories: ["education"]),
        .init(id: "U-power", name: "国网攀枝花供电公司东区供电中心", categories: ["power"]),
        .init(id: "U-emergency", name: "东区应急管理局", categories: ["safety"]),
        .init(id: "U-discipline", name: "东区纪委监委", categories: ["officials"]),
    ]

    static let streetCategories = ["noise", "subsidy", "safety", "housing", "sanitation", "neighbour", "property", "market"]
    static let communityCategories = ["property", "sanitation", "neighbour", "elderly", "subsidy", "safety"]
}
