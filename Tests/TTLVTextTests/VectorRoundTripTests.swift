import Foundation
import KMIPSpec
import Testing
import TTLV
import TTLVText

/// Every OASIS XML test vector under `../shared/kmip-vectors`: each message goes
/// XML -> binary -> XML -> binary and JSON -> binary, and the binaries must be equal.
///
/// Files are skipped only for a stated reason: not well-formed XML, or a KMIP 3.0 draft
/// (outside the 1.0-2.1 table: new item types 0x0C-0x0E and tags without published values).
@Suite struct VectorRoundTripTests {
    /// A fixed `$NOW`, so stand-ins are the same on both passes.
    static let options = TTLVTextOptions(placeholders: .substitute(now: 1_700_000_000))

    static func isKMIP3Draft(_ file: URL) -> Bool { file.path.contains("/v3.0/") }

    @Test func everyVectorRoundTrips() throws {
        let files = xmlFiles(under: vectorsRoot)
        #expect(files.count > 1400, "expected the OASIS vectors at \(vectorsRoot.path)")
        var messages = 0, passed = 0
        var skipped: [(String, String)] = []
        var failures: [String] = []
        for file in files {
            let name = file.path.replacingOccurrences(of: vectorsRoot.path + "/", with: "")
            if Self.isKMIP3Draft(file) {
                skipped.append((name, "KMIP 3.0 draft"))
                continue
            }
            let items: [TTLVItem]
            do {
                items = try TTLVXML.decodeDocument(Array(try Data(contentsOf: file)), options: Self.options)
            } catch let error as TTLVTextError where error.code == .malformed {
                skipped.append((name, "not well-formed XML: \(error.reason)"))
                continue
            } catch {
                failures.append("\(name): \(error)")
                continue
            }
            passed += 1
            for (index, item) in items.enumerated() {
                messages += 1
                do {
                    let binary = try TTLVEncoder.encode(item)
                    let decoded = try TTLVDecoder.decodeMessage(binary)
                    let xml = TTLVXML.encode(decoded)
                    let again = try TTLVEncoder.encode(TTLVXML.decode(Array(xml.utf8)))
                    let json = TTLVJSON.encode(decoded)
                    let fromJSON = try TTLVEncoder.encode(TTLVJSON.decode(Array(json.utf8)))
                    if again != binary || fromJSON != binary {
                        failures.append("\(name) message \(index + 1): \(again != binary ? "XML" : "JSON") round trip changed the binary")
                    }
                } catch {
                    failures.append("\(name) message \(index + 1): \(error)")
                }
            }
        }
        let notWellFormed = skipped.filter { $0.1 != "KMIP 3.0 draft" }
        print("vectors: \(files.count) files, \(passed) read, \(messages) messages round-tripped; skipped \(notWellFormed.count) not well-formed and \(skipped.count - notWellFormed.count) KMIP 3.0 draft files")
        for (file, reason) in notWellFormed { print("  skipped \(file): \(reason)") }
        for failure in failures.prefix(40) { print("  FAIL \(failure)") }
        #expect(failures.isEmpty, "\(failures.count) failures; first: \(failures.first ?? "")")
        #expect(notWellFormed.count <= 14)
        #expect(messages > 10_000)
    }
}
