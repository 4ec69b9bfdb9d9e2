import Foundation
import KMIP
import KMIPSpec
import Testing
import TTLV
import TTLVText

/// `../shared/kmip-vectors` beside the package root.
let vectorsRoot = URL(fileURLWithPath: #filePath).deletingLastPathComponent().deletingLastPathComponent()
    .deletingLastPathComponent().deletingLastPathComponent().appendingPathComponent("shared/kmip-vectors")

/// Every message of the OASIS v1.3, v2.0 and v2.1 profile vectors decodes into a typed
/// message and re-encodes to the same bytes.
@Suite struct VectorMessageTests {
    static let folders = ["cosmian-kmip/v1.3/XML", "cosmian-kmip/v2.0/XML", "cosmian-kmip/v2.1/XML"]

    @Test func typedMessagesRoundTrip() throws {
        var files = 0, messages = 0, typedPayloads = 0, untypedPayloads = 0
        var failures: [String] = []
        var untypedOperations: [String: Int] = [:]
        for folder in Self.folders {
            let root = vectorsRoot.appendingPathComponent(folder)
            let walker = FileManager.default.enumerator(at: root, includingPropertiesForKeys: nil)
            let urls = (walker?.compactMap { $0 as? URL } ?? []).filter { $0.pathExtension == "xml" }.sorted { $0.path < $1.path }
            for url in urls {
                files += 1
                let name = folder + "/" + url.lastPathComponent
                let items = try TTLVXML.decodeDocument(Array(try Data(contentsOf: url)), options: TTLVTextOptions(placeholders: .substitute(now: 1_700_000_000)))
                for (index, item) in items.enumerated() {
                    messages += 1
                    do {
                        let original = try TTLVEncoder.encode(item)
                        let reencoded: [UInt8]
                        if item.tag == .requestMessage {
                            let message = try RequestMessage(ttlv: item)
                            for batch in message.batchItems {
                                if let untyped = batch.payload as? UntypedRequest {
                                    untypedPayloads += 1
                                    untypedOperations["\(untyped.operation) request", default: 0] += 1
                                } else {
                                    typedPayloads += 1
                                }
                            }
                            reencoded = try message.encoded()
                        } else {
                            let message = try ResponseMessage(ttlv: item)
                            for batch in message.batchItems {
                                guard let payload = batch.payload else { continue }
                                if let untyped = payload as? UntypedResponse {
                                    untypedPayloads += 1
                                    untypedOperations["\(untyped.operation) response", default: 0] += 1
                                } else {
                                    typedPayloads += 1
                                }
                            }
                            reencoded = try message.encoded()
                        }
                        if reencoded != original {
                            failures.append("\(name) message \(index + 1): re-encoding differs\n" + firstDifference(item, try TTLVDecoder.decode(reencoded)))
                        }
                    } catch {
                        failures.append("\(name) message \(index + 1): \(error)")
                    }
                }
            }
        }
        print("typed messages: \(files) files, \(messages) messages, \(typedPayloads) typed payloads, \(untypedPayloads) untyped, \(failures.count) failures")
        for (operation, count) in untypedOperations.sorted(by: { $0.value > $1.value }) { print("  untyped \(operation): \(count)") }
        for failure in failures.prefix(30) { print("  FAIL \(failure)") }
        #expect(files > 200)
        #expect(failures.isEmpty)
        // Every operation the profile vectors use has a typed model.
        #expect(untypedPayloads == 0)
        #expect(typedPayloads > 2800)
    }
}

/// The first place two item trees differ, as XML of the two subtrees.
func firstDifference(_ a: TTLVItem, _ b: TTLVItem) -> String {
    if a.tag == b.tag, case .structure(let left) = a.value, case .structure(let right) = b.value {
        for (x, y) in zip(left, right) where x != y { return firstDifference(x, y) }
        if left.count != right.count { return "children of \(a.tag): \(left.map(\.tag)) vs \(right.map(\.tag))" }
    }
    return "expected:\n" + TTLVXML.encode(a) + "got:\n" + TTLVXML.encode(b)
}
