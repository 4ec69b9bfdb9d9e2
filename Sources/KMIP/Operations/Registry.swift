/// Every typed payload; `PayloadRegistry` dispatches batch items by operation through these.
extension PayloadRegistry {
    static let requestTypes: [any RequestPayload.Type] = [
        AddAttributeRequest.self,
        AdjustAttributeRequest.self,
        CheckRequest.self,
        CreateRequest.self,
        CreateKeyPairRequest.self,
        DeleteAttributeRequest.self,
        DeriveKeyRequest.self,
        GetAttributeListRequest.self,
        GetAttributesRequest.self,
        LocateRequest.self,
        ModifyAttributeRequest.self,
        ReKeyRequest.self,
        ReKeyKeyPairRequest.self,
        SetAttributeRequest.self,
    ]

    static let responseTypes: [any ResponsePayload.Type] = [
        AddAttributeResponse.self,
        AdjustAttributeResponse.self,
        CheckResponse.self,
        CreateResponse.self,
        CreateKeyPairResponse.self,
        DeleteAttributeResponse.self,
        DeriveKeyResponse.self,
        GetAttributeListResponse.self,
        GetAttributesResponse.self,
        LocateResponse.self,
        ModifyAttributeResponse.self,
        ReKeyResponse.self,
        ReKeyKeyPairResponse.self,
        SetAttributeResponse.self,
    ]
}
