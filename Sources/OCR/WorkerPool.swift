import Foundation

/// Runs work items on `jobs` threads, each with its own worker state (one Tesseract engine per
/// thread, reused across items). Results come back in item order; `progress` is called on each
/// completion from a worker thread.
public enum WorkerPool {
    public static var defaultJobs: Int { max(1, ProcessInfo.processInfo.activeProcessorCount) }

    public static func run<Item, Worker, Result>(
        _ items: [Item], jobs: Int,
        makeWorker: () throws -> Worker,
        progress: ((Int, Result) -> Void)? = nil,
        work: (Worker, Item) -> Result
    ) throws -> [Result] {
        guard !items.isEmpty else { return [] }
        // Engines start before any item runs, so a missing model fails fast, once.
        var workers: [Worker] = []
        for _ in 0..<max(1, min(jobs, items.count)) { workers.append(try makeWorker()) }
        return run(items, workers: workers, progress: progress, work: work)
    }

    /// Runs `items` on one thread per given worker (workers, e.g. engines, are reused across calls).
    public static func run<Item, Worker, Result>(
        _ items: [Item], workers: [Worker],
        progress: ((Int, Result) -> Void)? = nil,
        work: (Worker, Item) -> Result
    ) -> [Result] {
        guard !items.isEmpty, !workers.isEmpty else { return [] }
        let n = min(workers.count, items.count)
        let lock = NSLock()
        var next = 0
        var results = [Result?](repeating: nil, count: items.count)
        withoutActuallyEscaping(work) { work in
            DispatchQueue.concurrentPerform(iterations: n) { w in
                let worker = workers[w]
                while true {
                    lock.lock()
                    let i = next
                    next += 1
                    lock.unlock()
                    guard i < items.count else { break }
                    let r = work(worker, items[i])
                    lock.lock()
                    results[i] = r
                    lock.unlock()
                    progress?(i, r)
                }
            }
        }
        return results.map { $0! }
    }
}
