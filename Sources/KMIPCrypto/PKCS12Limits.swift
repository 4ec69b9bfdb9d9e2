internal import COpenSSL

/// The bounds on the work a PKCS#12 container may ask of its reader. Each key derivation in
/// it (the MAC key's, each encrypted safe's, each shrouded key bag's) names its own cost, so
/// an unchecked container can keep a server's thread busy for hours.
extension PKCS12 {
    /// The most iterations one key derivation in a container may ask for (PBKDF2, PKCS#12's
    /// own and PKCS#5 v1.5's derivations, the MAC key's): each costs a hash or two. OpenSSL
    /// makes 2,048; 600,000 is a generous modern choice.
    public static let maxIterations: Int64 = 1_000_000

    /// Throws unless the MAC's derivation of `container` asks for at most `maxIterations`.
    static func checkMACDerivation(_ container: OpaquePointer, maxIterations: Int64) throws(CryptoError) {
        var iterations: UnsafePointer<ASN1_INTEGER>?
        PKCS12_get0_mac(nil, nil, nil, &iterations, container)
        if let iterations { try check(iterations: iterations, maxIterations: maxIterations) }
    }

    /// Throws unless each encryption in `container` derives its key within the limit: the
    /// encrypted safes' (checked before each is opened with `password`, nil for none) and
    /// those of the shrouded key bags in every safe. The safes are read as `PKCS12_parse`
    /// reads them; DER decoding bounds how deep bags nest.
    static func checkEncryptionDerivations(_ container: OpaquePointer, password: UnsafePointer<CChar>?, maxIterations: Int64) throws(CryptoError) {
        guard let safes = PKCS12_unpack_authsafes(container) else { throw .openSSL("reading the PKCS#12 container's safes", code: .invalidKey) }
        defer { kmip_sk_PKCS7_pop_free(safes) }
        for index in 0..<kmip_sk_PKCS7_num(safes) {
            guard let safe = kmip_sk_PKCS7_value(safes, index) else { continue }
            let bags: OpaquePointer?
            switch OBJ_obj2nid(safe.pointee.type) {
            case NID_pkcs7_data:
                bags = PKCS12_unpack_p7data(safe)
            case NID_pkcs7_encrypted:
                try checkDerivation(safe.pointee.d.encrypted?.pointee.enc_data?.pointee.algorithm, maxIterations: maxIterations)
                bags = PKCS12_unpack_p7encdata(safe, password, -1)
            default:
                continue
            }
            guard let bags else { throw .openSSL("reading the PKCS#12 container's safe \(index + 1)", code: .invalidKey) }
            defer { kmip_sk_PKCS12_SAFEBAG_pop_free(bags) }
            try checkBags(bags, maxIterations: maxIterations)
        }
    }

    private static func checkBags(_ bags: OpaquePointer, maxIterations: Int64) throws(CryptoError) {
        for index in 0..<kmip_sk_PKCS12_SAFEBAG_num(bags) {
            guard let bag = kmip_sk_PKCS12_SAFEBAG_value(bags, index) else { continue }
            switch PKCS12_SAFEBAG_get_nid(bag) {
            case NID_pkcs8ShroudedKeyBag:
                var algorithm: UnsafePointer<X509_ALGOR>?
                if let shrouded = PKCS12_SAFEBAG_get0_pkcs8(bag) { X509_SIG_get0(shrouded, &algorithm, nil) }
                try checkDerivation(algorithm, maxIterations: maxIterations)
            case NID_safeContentsBag:
                if let nested = PKCS12_SAFEBAG_get0_safes(bag) { try checkBags(nested, maxIterations: maxIterations) }
            default:
                break
            }
        }
    }

    /// Throws unless the password-based encryption `algorithm` derives its key within the
    /// limit: PBES2 with PBKDF2, or a PKCS#12 or PKCS#5 v1.5 scheme (whose parameters are a
    /// salt and an iteration count). PBES2 with scrypt, whose cost the container sets too, is
    /// refused (OpenSSL's `pkcs12` command cannot make it).
    private static func checkDerivation(_ algorithm: UnsafePointer<X509_ALGOR>?, maxIterations: Int64) throws(CryptoError) {
        guard let algorithm, let parameter = algorithm.pointee.parameter else { throw unreadable }
        guard OBJ_obj2nid(algorithm.pointee.algorithm) == NID_pbes2 else {
            let pbe = try unpack(parameter, PBEPARAM_it(), as: PBEPARAM.self)
            defer { PBEPARAM_free(pbe) }
            return try check(iterations: pbe.pointee.iter, maxIterations: maxIterations)
        }
        let pbes2 = try unpack(parameter, PBE2PARAM_it(), as: PBE2PARAM.self)
        defer { PBE2PARAM_free(pbes2) }
        guard let function = pbes2.pointee.keyfunc, let functionParameter = function.pointee.parameter else { throw unreadable }
        guard OBJ_obj2nid(function.pointee.algorithm) == NID_id_pbkdf2 else {
            throw CryptoError(.invalidKey, "the PKCS#12 container's encryption derives its key with a function other than PBKDF2")
        }
        let pbkdf2 = try unpack(functionParameter, PBKDF2PARAM_it(), as: PBKDF2PARAM.self)
        defer { PBKDF2PARAM_free(pbkdf2) }
        try check(iterations: pbkdf2.pointee.iter, maxIterations: maxIterations)
    }

    private static func check(iterations: UnsafePointer<ASN1_INTEGER>?, maxIterations: Int64) throws(CryptoError) {
        guard let iterations else { throw unreadable }
        // A decoded INTEGER that does not fit 64 bits is far too many.
        var count: Int64 = .max
        guard ASN1_INTEGER_get_int64(&count, iterations) == 1, count <= maxIterations else {
            _ = drainOpenSSLErrors()
            throw CryptoError(.invalidKey, "the PKCS#12 container asks for more than \(maxIterations) key-derivation iterations")
        }
    }

    /// The `T` that `parameter` (a SEQUENCE) holds as `item` describes it; +1, free it.
    private static func unpack<T>(_ parameter: UnsafePointer<ASN1_TYPE>, _ item: OpaquePointer?, as type: T.Type) throws(CryptoError) -> UnsafeMutablePointer<T> {
        guard let value = ASN1_TYPE_unpack_sequence(item, parameter) else { throw unreadable }
        return value.assumingMemoryBound(to: T.self)
    }

    private static var unreadable: CryptoError {
        _ = drainOpenSSLErrors()
        return CryptoError(.invalidKey, "the PKCS#12 container's key-derivation parameters cannot be read")
    }
}
