/// Every typed payload; `PayloadRegistry` dispatches batch items by operation through these.
extension PayloadRegistry {
    static let requestTypes: [any RequestPayload.Type] = [
        CreateRequest.self,
        ExportRequest.self,
        GetRequest.self,
        ImportRequest.self,
        RegisterRequest.self,
    ]

    static let responseTypes: [any ResponsePayload.Type] = [
        CreateResponse.self,
        ExportResponse.self,
        GetResponse.self,
        ImportResponse.self,
        RegisterResponse.self,
    ]
}
