/// Name lists for synthetic but plausible Panzhihua data. Street names are the real
/// 街道 of 东区; communities, roads and compounds are invented in the local style.
enum DemoNames {
    static let streets = ["炳草岗街道", "大渡口街道", "东华街道", "弄弄坪街道"]
    static let communities = [
        "阳城社区", "金海社区", "长寿路社区", "新华社区", "凤凰社区", "枣子坪社区", "人民街社区", "华山社区",
        "五十四社区", "巴关河社区", "湖光社区", "龙珠社区", "清香坪社区", "临江社区", "滨江社区", "宏达社区",
        "钒钛社区", "向阳社区", "兴隆社区", "机场路社区",
    ]
    static let roads = [
        "金海路", "人民街", "攀枝花大道东段", "长寿路", "新华街", "炳草岗大街", "枣子坪路", "华山路",
        "五十四路", "巴关河路", "湖光路", "龙珠路", "清香坪路", "临江路", "滨江大道", "宏达路",
        "钒钛路", "向阳路", "兴隆街", "机场路", "凤凰路", "大渡口路", "东华路", "弄弄坪路",
    ]
    static let compoundPrefixes = [
        "阳光", "金海", "锦绣", "幸福", "和谐", "翠苑", "龙湾", "望江", "花城", "康乐", "丽景", "御景",
        "阳城", "富民", "馨悦", "华庭", "盛世", "紫荆", "攀钢", "凤凰", "江景", "新城", "百合", "融创",
    ]
    static let compoundSuffixes = ["小区", "花园", "苑", "家园", "新村", "公寓", "雅居"]
    static let surnames = Array("王李张刘陈杨黄赵吴周徐孙马朱胡郭何高林罗郑梁谢宋唐许韩冯邓曹彭曾肖田董袁潘于蒋蔡余杜叶程苏魏吕丁任沈姚卢姜崔钟谭陆汪范金石廖贾夏韦付方白邹孟熊秦邱江尹薛闫段雷侯龙史陶黎贺顾毛郝龚邵万钱严覃武戴莫孔向汤").map(String.init)
    static let givenChars = Array("伟芳娜秀英敏静丽强磊军洋勇艳杰娟涛明超秀兰霞平刚桂英华玉萍红娥玲芬燕彬斌宇浩凯健俊帆帅旭宁欣雪梅琳晨阳婷倩颖佳怡子涵梓萱浩然宇轩雨桐思远志国建华德明福海").map(String.init)
    static let workerTags = ["独居老人", "低保", "残疾人", "退役军人", "留守儿童", "特困供养"]
}
