/// Every typed payload; `PayloadRegistry` dispatches batch items by operation through these.
extension PayloadRegistry {
    static let requestTypes: [any RequestPayload.Type] = [
        ActivateRequest.self,
        ArchiveRequest.self,
        CancelRequest.self,
        CreateRequest.self,
        DestroyRequest.self,
        DiscoverVersionsRequest.self,
        InteropRequest.self,
        LogRequest.self,
        ObtainLeaseRequest.self,
        PollRequest.self,
        QueryRequest.self,
        RecoverRequest.self,
        RevokeRequest.self,
        RNGRetrieveRequest.self,
        RNGSeedRequest.self,
    ]

    static let responseTypes: [any ResponsePayload.Type] = [
        ActivateResponse.self,
        ArchiveResponse.self,
        CancelResponse.self,
        CreateResponse.self,
        DestroyResponse.self,
        DiscoverVersionsResponse.self,
        InteropResponse.self,
        LogResponse.self,
        ObtainLeaseResponse.self,
        PollResponse.self,
        QueryResponse.self,
        RecoverResponse.self,
        RevokeResponse.self,
        RNGRetrieveResponse.self,
        RNGSeedResponse.self,
    ]
}
