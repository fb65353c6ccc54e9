import GridModel

extension PetitionDesk {
    /// Notices after `since` that concern the caller's scope, oldest first, at most `limit`
    /// (`GET /notifications`: the stream's events as a list).
    public func notices(since: Int64, limit: Int, for caller: Caller) throws -> (notices: [DeskNotice], last: Int64) {
        try caller.require(.readPetitions)
        let scope = caller.petitionScope(sensitive: try registries.current().sensitiveCategories)
        var out: [DeskNotice] = []
        var cursor = since
        while out.count < limit {
            let page = try store.notices(after: cursor, limit: 1000)
            guard let end = page.last?.id else { break }
            for n in page where n.concerns(scope) {
                out.append(n)
                cursor = n.id
                if out.count == limit { break }
            }
            if out.count < limit { cursor = end }
        }
        return (out, cursor)
    }
}
