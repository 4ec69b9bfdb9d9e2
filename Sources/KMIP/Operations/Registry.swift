/// Every typed payload; `PayloadRegistry` dispatches batch items by operation through these.
extension PayloadRegistry {
    static let requestTypes: [any RequestPayload.Type] = [
        CreateRequest.self,
        DecryptRequest.self,
        EncryptRequest.self,
        ExportRequest.self,
        GetRequest.self,
        HashRequest.self,
        ImportRequest.self,
        MACRequest.self,
        MACVerifyRequest.self,
        PKCS11Request.self,
        RegisterRequest.self,
        SignRequest.self,
        SignatureVerifyRequest.self,
    ]

    static let responseTypes: [any ResponsePayload.Type] = [
        CreateResponse.self,
        DecryptResponse.self,
        EncryptResponse.self,
        ExportResponse.self,
        GetResponse.self,
        HashResponse.self,
        ImportResponse.self,
        MACResponse.self,
        MACVerifyResponse.self,
        PKCS11Response.self,
        RegisterResponse.self,
        SignResponse.self,
        SignatureVerifyResponse.self,
    ]
}
