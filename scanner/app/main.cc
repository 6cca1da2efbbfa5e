#include "scanner/app/cli.h"

int main(int argc, char** argv) { return keysweep::run_cli(argc, argv); }
