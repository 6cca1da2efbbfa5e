# This file is maintained automatically by "terraform init".
# Manual edits may be lost in future updates.

provider "registry.terraform.io/hashicorp/aws" {
  version     = "5.53.0"
  constraints = "~> 5.53"
  hashes = [
    "h1:TeWWh/e9nj4F9nzm/s+iSwDlQLThbXMKjjMLJJRIzr4=",
    "zh:112ad831c7f428ca04d10de7e8eca6f28c9087133fe20e5299d5f6f77f88789e",
    "zh:18f7d39fccef15ce63c7084f558a71ecdcd83209448e0aa74d1f43c11d91567e",
    "zh:f96428ed319accadb191008f419aa18214be0c35a664dfd3e9e8ff0ea877b1c3",
  ]
}

provider "registry.terraform.io/hashicorp/random" {
  version     = "3.6.2"
  constraints = "~> 3.6"
  hashes = [
    "h1:DGdFGvnuWipkV27W8jIZfw/Y9aDH1TF0hajW8iXyDgg=",
    "zh:785642b2ec8091e368c18b5e41f18c0cad32e805e6c9e447c28c1d32adfec615",
    "zh:348a545fcc1c2484dc970788a0a2587502cee9a0bd11d4611bc1f7828daa772a",
    "zh:59ac285e46bf26aeb9d4b9c0223218906f2d4b1519609957e69c1902e1d15e38",
  ]
}

