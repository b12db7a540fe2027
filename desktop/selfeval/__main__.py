from selfeval.cli.main import main

raise SystemExit(main())
