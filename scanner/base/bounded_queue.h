// BoundedQueue: a blocking multi-producer, multi-consumer queue with a capacity, so a fast
// producer (a directory walk) cannot run ahead of the workers and hold the whole tree in memory.
//
// Thread safety: every member is safe to call from any thread. close() wakes all waiters; after
// it, push() returns false and pop() drains what is left, then returns nullopt.
#pragma once

#include <condition_variable>
#include <deque>
#include <mutex>
#include <optional>

namespace keysweep {

template <typename T>
class BoundedQueue {
 public:
  explicit BoundedQueue(size_t capacity) : capacity_(capacity == 0 ? 1 : capacity) {}

  bool push(T value) {
    std::unique_lock<std::mutex> lock(mu_);
    if (!closed_ && items_.size() >= capacity_) {
      ++push_waiters_;
      not_full_.wait(lock, [&] { return closed_ || items_.size() < capacity_; });
      --push_waiters_;
    }
    if (closed_) return false;
    items_.push_back(std::move(value));
    // Only a waiter needs waking: a notify with none is a wasted futex call per item.
    if (pop_waiters_ > 0) not_empty_.notify_one();
    return true;
  }

  std::optional<T> pop() {
    std::unique_lock<std::mutex> lock(mu_);
    if (!closed_ && items_.empty()) {
      ++pop_waiters_;
      not_empty_.wait(lock, [&] { return closed_ || !items_.empty(); });
      --pop_waiters_;
    }
    if (items_.empty()) return std::nullopt;
    T value = std::move(items_.front());
    items_.pop_front();
    if (push_waiters_ > 0) not_full_.notify_one();
    return value;
  }

  void close() {
    std::lock_guard<std::mutex> lock(mu_);
    closed_ = true;
    not_empty_.notify_all();
    not_full_.notify_all();
  }

 private:
  const size_t capacity_;
  std::mutex mu_;
  std::condition_variable not_empty_;
  std::condition_variable not_full_;
  std::deque<T> items_;
  bool closed_ = false;
  // Threads blocked in push() and pop(), counted under mu_.
  size_t push_waiters_ = 0;
  size_t pop_waiters_ = 0;
};

}  // namespace keysweep
