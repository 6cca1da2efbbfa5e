#include "scanner/base/thread_stack.h"

#include <pthread.h>

namespace keysweep {

bool set_default_thread_stack() {
  pthread_attr_t attr;
  if (pthread_attr_init(&attr) != 0) return false;
  bool ok = pthread_attr_setstacksize(&attr, kThreadStackBytes) == 0 && pthread_setattr_default_np(&attr) == 0;
  pthread_attr_destroy(&attr);
  return ok;
}

}  // namespace keysweep
