internal import COpenSSL

// Small bridges between Swift values and C pointers.

/// Calls `body` with a pointer to `bytes`, or with `nil` when there are none (a `[UInt8]?`
/// does not convert to a nullable C pointer by itself).
func withOptionalBytes<R>(_ bytes: [UInt8]?, _ body: (UnsafePointer<UInt8>?) -> R) -> R {
    guard let bytes else { return body(nil) }
    return bytes.withUnsafeBufferPointer { body($0.baseAddress) }
}

/// A static string's bytes as a C string that lives for the whole program (for `OSSL_PARAM`
/// keys, which OpenSSL stores by pointer).
func cString(_ string: StaticString) -> UnsafePointer<CChar> {
    UnsafeRawPointer(string.utf8Start).assumingMemoryBound(to: CChar.self)
}

/// Zeroes the values of a parameter array, then frees it (OpenSSL 3.0 has no
/// `OSSL_PARAM_clear_free`).
func clearAndFree(_ parameters: UnsafeMutablePointer<OSSL_PARAM>) {
    var parameter = parameters
    while parameter.pointee.key != nil {
        if let data = parameter.pointee.data { OPENSSL_cleanse(data, parameter.pointee.data_size) }
        parameter += 1
    }
    OSSL_PARAM_free(parameters)
}
