// kmip-specgen: regenerates Sources/KMIPSpec/Generated (and the enumeration conformances in
// Sources/KMIP/Generated) from Tools/spec/kmip-spec.tsv.
//
//     swift run kmip-specgen            # write the files (run from the package root)
//     swift run kmip-specgen --check    # exit 1 if the committed files are out of date
import Foundation
import KMIPSpecGen

let arguments = CommandLine.arguments.dropFirst()
let check = arguments.contains("--check")
let root = URL(fileURLWithPath: arguments.first(where: { !$0.hasPrefix("-") }) ?? FileManager.default.currentDirectoryPath)
let tableURL = root.appendingPathComponent("Tools/spec/kmip-spec.tsv")

do {
    let rows = try SpecTableFile.parse(String(contentsOf: tableURL, encoding: .utf8))
    var stale: [String] = []
    for (name, contents) in try Generator.generate(rows).sorted(by: { $0.key < $1.key }) {
        let url = root.appendingPathComponent(name)
        let current = try? String(contentsOf: url, encoding: .utf8)
        guard current != contents else { continue }
        stale.append(name)
        if !check {
            try FileManager.default.createDirectory(at: url.deletingLastPathComponent(), withIntermediateDirectories: true)
            try contents.write(to: url, atomically: true, encoding: .utf8)
        }
    }
    if check && !stale.isEmpty {
        FileHandle.standardError.write(Data("kmip-specgen: out of date: \(stale.joined(separator: ", ")); run `swift run kmip-specgen`\n".utf8))
        exit(1)
    }
    print(check ? "up to date (\(rows.count) rows)" : "\(rows.count) rows; wrote \(stale.isEmpty ? "nothing" : stale.joined(separator: ", "))")
} catch {
    FileHandle.standardError.write(Data("kmip-specgen: \(error)\n".utf8))
    exit(1)
}
