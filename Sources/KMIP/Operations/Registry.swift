/// Every typed payload; `PayloadRegistry` dispatches batch items by operation through these.
extension PayloadRegistry {
    static let requestTypes: [any RequestPayload.Type] = [
        CreateRequest.self,
    ]

    static let responseTypes: [any ResponsePayload.Type] = [
        CreateResponse.self,
    ]
}
