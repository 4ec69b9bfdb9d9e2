// libFuzzer entry point: the KMIP JSON decoder, documents and single messages, and the JSON
// encoder on whatever decodes. Built only with KMIP_FUZZ=1.
import TTLV
import TTLVText

@_cdecl("LLVMFuzzerTestOneInput")
public func fuzzJSON(_ data: UnsafePointer<UInt8>, _ size: Int) -> CInt {
    let bytes = Array(UnsafeBufferPointer(start: data, count: size))
    if let items = try? TTLVJSON.decodeDocument(bytes) {
        _ = TTLVJSON.encodeDocument(items)
    }
    if let item = try? TTLVJSON.decode(bytes) {
        _ = TTLVJSON.encode(item)
    }
    return 0
}
