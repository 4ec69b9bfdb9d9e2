// libFuzzer entry point: typed message decoding (the KMIP module) of request and response
// messages, and re-encoding of whatever decodes. Built only with KMIP_FUZZ=1.
import KMIP
import TTLV

@_cdecl("LLVMFuzzerTestOneInput")
public func fuzzMessage(_ data: UnsafePointer<UInt8>, _ size: Int) -> CInt {
    let bytes = Array(UnsafeBufferPointer(start: data, count: size))
    let options = TTLVDecodingOptions(maxMessageBytes: 1 << 20, maxDepth: 64, maxItems: 100_000, strict: false)
    guard let item = try? TTLVDecoder.decode(bytes, options: options) else { return 0 }
    if let request = try? RequestMessage(ttlv: item) {
        _ = try? request.encoded()
    }
    if let response = try? ResponseMessage(ttlv: item) {
        _ = try? response.encoded()
    }
    return 0
}
