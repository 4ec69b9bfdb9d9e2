// libFuzzer entry point: the OASIS XML decoder (libxml2 underneath), documents and single
// messages, and the XML encoder on whatever decodes. Built only with KMIP_FUZZ=1.
import TTLV
import TTLVText

@_cdecl("LLVMFuzzerTestOneInput")
public func fuzzXML(_ data: UnsafePointer<UInt8>, _ size: Int) -> CInt {
    let bytes = Array(UnsafeBufferPointer(start: data, count: size))
    if let items = try? TTLVXML.decodeDocument(bytes) {
        _ = TTLVXML.encodeDocument(items)
    }
    if let item = try? TTLVXML.decode(bytes) {
        _ = TTLVXML.encode(item)
    }
    return 0
}
