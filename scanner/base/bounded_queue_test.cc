#include "scanner/base/bounded_queue.h"

#include <catch2/catch.hpp>

#include <atomic>
#include <thread>
#include <vector>

namespace keysweep {

TEST_CASE("BoundedQueue: every item pushed by several producers is popped once, in order per producer", "[queue]") {
  // A capacity of 2 keeps producers and consumers waiting on each other all the time, which is
  // what the waiter counts (who needs a wake-up) must get right.
  for (size_t capacity : {1u, 2u, 64u}) {
    BoundedQueue<uint64_t> queue(capacity);
    constexpr uint64_t kPerProducer = 20000;
    constexpr int kProducers = 3, kConsumers = 3;
    std::atomic<uint64_t> sum{0}, count{0};
    std::atomic<bool> ordered{true}, refused{false};  // Catch2's assertions are for one thread
    std::vector<std::thread> consumers;
    for (int c = 0; c < kConsumers; ++c) {
      consumers.emplace_back([&] {
        std::vector<uint64_t> last(kProducers, 0);
        while (std::optional<uint64_t> v = queue.pop()) {
          const uint64_t producer = *v / (kPerProducer + 1), n = *v % (kPerProducer + 1);
          if (n <= last[producer]) ordered = false;
          last[producer] = n;
          sum += *v;
          ++count;
        }
      });
    }
    std::vector<std::thread> producers;
    for (int p = 0; p < kProducers; ++p) {
      producers.emplace_back([&, p] {
        for (uint64_t n = 1; n <= kPerProducer; ++n) {
          if (!queue.push(p * (kPerProducer + 1) + n)) refused = true;
        }
      });
    }
    for (std::thread& t : producers) t.join();
    queue.close();
    for (std::thread& t : consumers) t.join();
    uint64_t want = 0;
    for (uint64_t p = 0; p < kProducers; ++p) {
      for (uint64_t n = 1; n <= kPerProducer; ++n) want += p * (kPerProducer + 1) + n;
    }
    INFO(capacity);
    CHECK(count == kProducers * kPerProducer);
    CHECK(sum == want);
    CHECK(ordered);
    CHECK_FALSE(refused);
  }
}

TEST_CASE("BoundedQueue: close() wakes a waiting consumer and a producer blocked on a full queue", "[queue]") {
  BoundedQueue<int> queue(1);
  REQUIRE(queue.push(1));
  std::atomic<bool> pushed{true}, popped{true};
  std::thread producer([&] { pushed = queue.push(2); });  // blocks: full
  queue.close();
  producer.join();
  CHECK_FALSE(pushed);
  CHECK(queue.pop() == 1);  // what was queued before close() is still drained
  CHECK_FALSE(queue.pop());
  BoundedQueue<int> empty(4);
  std::thread consumer([&] { popped = empty.pop().has_value(); });  // blocks: empty
  empty.close();
  consumer.join();
  CHECK_FALSE(popped);
}

}  // namespace keysweep
