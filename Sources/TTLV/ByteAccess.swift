/// Runs `body` over the bytes of a contiguous collection, keeping the typed error that
/// `withUnsafeBytes` (which only rethrows) would erase.
func withBytes<Bytes: ContiguousBytes, R, E: Error>(
    _ bytes: Bytes, _ body: (UnsafeRawBufferPointer) throws(E) -> R
) throws(E) -> R {
    let result: Result<R, E> = bytes.withUnsafeBytes { buffer in
        Result { () throws(E) -> R in try body(buffer) }
    }
    return try result.get()
}

/// Types whose bytes are contiguous in memory.
protocol ContiguousBytes {
    func withUnsafeBytes<R>(_ body: (UnsafeRawBufferPointer) throws -> R) rethrows -> R
}

extension Array: ContiguousBytes where Element == UInt8 {}
extension ArraySlice: ContiguousBytes where Element == UInt8 {}
