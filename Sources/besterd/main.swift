print("besterd")
