import GridModel

extension PetitionDesk {
    /// A caller's earlier petitions, as a 12345 desk sees them when the phone rings: found by
    /// the keyed hash of the phone, never by scanning numbers; newest first, only those the
    /// caller's scope covers. Each search is audited (by the hash, not the number).
    public func history(phone: String, limit: Int = 50, for caller: Caller) throws -> [Petition] {
        try caller.require(.searchCallers)
        guard let key = try contactKeys.current().hash(phone: phone) else {
            throw DeskError.invalid([FieldProblem(field: "phone", reason: "'\(PersonalDataMask.phone(phone))' has too few digits to be a phone")])
        }
        let registry = try registries.current()
        let found = try store.petitions(contactKey: key, limit: limit).filter { caller.sees($0, sensitive: registry.sensitiveCategories) }
        try store.recordAudit(at: clock(), actor: caller.actor, action: "search.phone", target: String(key.prefix(16)), origin: caller.origin,
                              detail: "\(found.count) petitions")
        return found
    }
}
