import KMIPServer
import TTLV
import TTLVText

/// The OASIS XML and JSON encodings for `kmip serve`'s HTTPS endpoint.
extension HTTPBodyEncoding {
    /// XML (KMIP 2.1 section 5.4 format), `text/xml` or `application/xml`.
    static let xml = HTTPBodyEncoding(mediaTypes: ["text/xml", "application/xml"],
                                      toTTLV: { try TTLVEncoder.encode(TTLVXML.decode($0)) }, fromTTLV: { text($0) { TTLVXML.encode($0) } })

    /// JSON (section 5.5 format), `application/json`.
    static let json = HTTPBodyEncoding(mediaTypes: ["application/json"],
                                       toTTLV: { try TTLVEncoder.encode(TTLVJSON.decode($0)) }, fromTTLV: { text($0) { TTLVJSON.encode($0) } })

    /// A response message as text. The dispatcher's responses always decode; were one not to,
    /// its TTLV goes out as it is rather than nothing.
    private static func text(_ response: [UInt8], _ encode: (TTLVItem) -> String) -> [UInt8] {
        guard let item = try? TTLVDecoder.decodeMessage(response) else { return response }
        return Array(encode(item).utf8)
    }
}
