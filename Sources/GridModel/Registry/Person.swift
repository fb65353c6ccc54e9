/// A resident registered to a household (人到户). Personal data: never in heat maps, exports or logs.
public struct Person: Sendable, Equatable {
    public var id: String
    public var household: String
    public var name: String
    /// The 18-character resident identity number (GB 11643), or nil when unknown.
    public var idNumber: String?
    public var phone: String?
    /// Care tags such as 独居老人, 低保, 残疾.
    public var tags: [String]

    public init(id: String, household: String, name: String, idNumber: String? = nil, phone: String? = nil,
                tags: [String] = []) {
        self.id = id
        self.household = household
        self.name = name
        self.idNumber = idNumber
        self.phone = phone
        self.tags = tags
    }
}
