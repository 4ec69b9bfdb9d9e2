// libFuzzer entry point: the binary TTLV decoder, lenient and strict, and the encoder on
// whatever decodes. Built only with KMIP_FUZZ=1 (see Tools/fuzz/README.md).
import TTLV

@_cdecl("LLVMFuzzerTestOneInput")
public func fuzzTTLV(_ data: UnsafePointer<UInt8>, _ size: Int) -> CInt {
    let bytes = Array(UnsafeBufferPointer(start: data, count: size))
    let limits = TTLVDecodingOptions(maxMessageBytes: 1 << 20, maxDepth: 64, maxItems: 100_000)
    for strict in [true, false] {
        var options = limits
        options.strict = strict
        guard let item = try? TTLVDecoder.decode(bytes, options: options) else { continue }
        // Whatever decodes must encode, and the encoding must decode to the same item.
        guard let encoded = try? TTLVEncoder.encode(item) else { fatalError("a decoded item did not encode") }
        guard let again = try? TTLVDecoder.decode(encoded, options: options), again == item else {
            fatalError("a decoded item did not survive a round trip")
        }
    }
    return 0
}
