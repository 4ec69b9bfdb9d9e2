import Foundation
@testable import KMIPHarness
import KMIPSpec
import Testing
import TTLV

/// Reading vector files: pairs, profile and version from the file, and clear errors for
/// files that cannot be run.
@Suite struct VectorFileTests {
    func write(_ text: String, name: String) throws -> String {
        let folder = FileManager.default.temporaryDirectory.appendingPathComponent(UUID().uuidString)
        try FileManager.default.createDirectory(at: folder, withIntermediateDirectories: true)
        let path = folder.appendingPathComponent(name).path
        try text.write(toFile: path, atomically: true, encoding: .utf8)
        return path
    }

    @Test func pairsProfileAndVersion() throws {
        let path = try write("<KMIP>\n# TIME 0\n" + request("Query", "") + response("Query", "", time: "$NOW") + "</KMIP>", name: "CS-BC-M-GCM-2-21.xml")
        defer { try? FileManager.default.removeItem(atPath: (path as NSString).deletingLastPathComponent) }
        let file = try VectorFile(path: path, marks: PlaceholderMarks())
        #expect(file.steps.count == 1)
        #expect(file.profile == "CS-BC")
        #expect(file.version?.description == "2.1")
    }

    @Test func profilesOfDashedAndUnderscoredNames() {
        let names = [
            "BL-M-1-21.xml": "BL", "CS-RNG-O-2-13.xml": "CS-RNG", "TC-OFFSET-1-14.xml": "TC-OFFSET", "TC-STREAM-ENC-2-20.xml": "TC-STREAM-ENC",
            "SKLC_M_1_10_SymmetricKeyLifecycle_1.xml": "SKLC", "TC_311_10_Create_Destroy.xml": "TC", "TC_ECC_1_12_Register_an_ECC_Key_Pair.xml": "TC-ECC",
            "CS_BC_M_14_12_Encrypt.xml": "CS-BC",
        ]
        for (name, profile) in names { #expect(VectorFile.profile(fileName: name) == profile, "\(name)") }
    }

    /// The 1.x files' PDF spacing in Attribute Names ("Cryptographic   Usage Mask") is made
    /// single in requests and recorded responses; other text is left as it is.
    @Test func attributeNamesLoseTheirPDFSpacing() throws {
        let payload = "<AttributeName type=\"TextString\" value=\"Cryptographic   Usage  Mask\"/><Description type=\"TextString\" value=\"two  spaces\"/>"
        let path = try write("<KMIP>" + request("GetAttributes", payload) + response("GetAttributes", payload) + "</KMIP>", name: "TC_1_12_Spacing.xml")
        defer { try? FileManager.default.removeItem(atPath: (path as NSString).deletingLastPathComponent) }
        let file = try VectorFile(path: path, marks: PlaceholderMarks())
        for message in [file.steps[0].request, file.steps[0].expected] {
            let payload = message[.batchItem]?[.requestPayload] ?? message[.batchItem]?[.responsePayload]
            #expect(payload?[.attributeName]?.value == .textString("Cryptographic Usage Mask"))
            #expect(payload?[.description]?.value == .textString("two  spaces"))
        }
    }

    @Test func filesThatCannotRunSayWhy() throws {
        let cases: [(String, String)] = [
            ("<KMIP>" + request("Query", "") + "</KMIP>", "pairs"),
            ("<KMIP>" + response("Query", "", time: "$NOW") + request("Query", "") + "</KMIP>", "RequestMessage then a ResponseMessage"),
            ("<KMIP>" + request("Query", "") + "</KMIP></KMIP>", "Extra content"),
            ("<KMIP><RequestMessage><BatchCount type=\"Integer\" value=\"$NOW\"/></RequestMessage></KMIP>", "$NOW"),
        ]
        for (text, words) in cases {
            let path = try write(text, name: "BAD-1-21.xml")
            defer { try? FileManager.default.removeItem(atPath: (path as NSString).deletingLastPathComponent) }
            do {
                _ = try VectorFile(path: path, marks: PlaceholderMarks())
                Issue.record("read: \(text)")
            } catch {
                #expect(error.code == .malformed)
                #expect(error.description.contains(words), "\(error)")
            }
        }
        #expect(throws: HarnessError.self) { try VectorFile(path: "/nonexistent/BL-M-1-21.xml", marks: PlaceholderMarks()) }
    }
}
