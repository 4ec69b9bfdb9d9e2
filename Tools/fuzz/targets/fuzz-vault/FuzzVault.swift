// libFuzzer entry point: the Vault response parser (every kind of response body and status)
// and the `vault:vN:` ciphertext parser. Built only with KMIP_FUZZ=1.
import VaultTransit

@_cdecl("LLVMFuzzerTestOneInput")
public func fuzzVault(_ data: UnsafePointer<UInt8>, _ size: Int) -> CInt {
    let input = UnsafeBufferPointer(start: data, count: size)
    // The first byte picks the HTTP status, so error bodies are read as errors too.
    let status = [200, 204, 400, 403, 404, 429, 500, 503][Int(input.first ?? 0) % 8]
    let body = Array(input.dropFirst())
    let path = "v1/transit/fuzz"
    _ = try? VaultResponseParser.check(status: status, body: body, path: path)
    _ = try? VaultResponseParser.transitKey(body, path: path)
    _ = try? VaultResponseParser.encryption(body, path: path)
    _ = try? VaultResponseParser.plaintext(body, path: path)
    _ = try? VaultResponseParser.batchEncryption(body, path: path)
    _ = try? VaultResponseParser.batchDecryption(body, path: path)
    _ = try? VaultResponseParser.tokenInfo(body, path: path)
    _ = try? VaultResponseParser.auth(body, path: path)
    _ = try? VaultResponseParser.health(status: status, body: body, path: path)
    _ = try? VaultCiphertext(String(decoding: body, as: UTF8.self))
    return 0
}
