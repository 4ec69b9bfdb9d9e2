/// Every typed payload; `PayloadRegistry` dispatches batch items by operation through these.
extension PayloadRegistry {
    static let requestTypes: [any RequestPayload.Type] = [
        CreateRequest.self,
        DecryptRequest.self,
        EncryptRequest.self,
        HashRequest.self,
        MACRequest.self,
        MACVerifyRequest.self,
        PKCS11Request.self,
        SignRequest.self,
        SignatureVerifyRequest.self,
    ]

    static let responseTypes: [any ResponsePayload.Type] = [
        CreateResponse.self,
        DecryptResponse.self,
        EncryptResponse.self,
        HashResponse.self,
        MACResponse.self,
        MACVerifyResponse.self,
        PKCS11Response.self,
        SignResponse.self,
        SignatureVerifyResponse.self,
    ]
}
