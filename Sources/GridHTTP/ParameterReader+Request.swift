import GridService
import Hummingbird

extension ParameterReader {
    /// The request's query parameters, strictly (see `ParameterReader`).
    init(_ request: Request, allowed: [String]) throws(ParameterError) {
        try self.init(request.uri.queryParameters.map { (String($0.key), String($0.value)) }, allowed: allowed)
    }
}
