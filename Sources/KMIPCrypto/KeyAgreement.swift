internal import COpenSSL

/// Key agreement: the shared secret of a private key and the other party's public key.
public enum KeyAgreement {
    /// ECDH (SEC 1 3.3.1): the x-coordinate of the private scalar times the peer's point, as
    /// many bytes as the field. Both keys must be EC keys on the same curve.
    public static func ecdh(privateKeyDER: SecretBytes, peerPublicKeyDER: [UInt8]) throws(CryptoError) -> SecretBytes {
        let key = try KeyDER.loadPrivate(privateKeyDER)
        defer { EVP_PKEY_free(key) }
        let peer = try KeyDER.loadPublic(peerPublicKeyDER)
        defer { EVP_PKEY_free(peer) }
        guard KeyDER.isEC(key), KeyDER.isEC(peer) else { throw CryptoError(.invalidKey, "ECDH takes an EC private key and an EC public key") }
        let what = "ECDH key agreement"
        ERR_clear_error()
        guard let context = EVP_PKEY_CTX_new(key, nil) else { throw .openSSL(what) }
        defer { EVP_PKEY_CTX_free(context) }
        guard EVP_PKEY_derive_init(context) == 1 else { throw .openSSL(what) }
        // Checks the peer's point is on the private key's curve.
        guard EVP_PKEY_derive_set_peer_ex(context, peer, 1) == 1 else {
            throw .openSSL("\(what): the public key is not on the private key's curve", code: .invalidKey)
        }
        var length = 0
        guard EVP_PKEY_derive(context, nil, &length) == 1 else { throw .openSSL(what) }
        return try SecretBytes(count: length) { (output) throws(CryptoError) -> Int in
            var written = length
            guard EVP_PKEY_derive(context, output.baseAddress?.assumingMemoryBound(to: UInt8.self), &written) == 1 else { throw .openSSL(what) }
            return written
        }
    }
}
