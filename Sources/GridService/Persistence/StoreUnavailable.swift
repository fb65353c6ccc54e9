/// An error of a store that cannot be reached for now (its server restarting, the network
/// down): the request may be tried again, unlike a refusal. HTTP answers it with 503.
public protocol StoreUnavailable: Error, CustomStringConvertible {}
