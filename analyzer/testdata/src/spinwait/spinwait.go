package spinwait
