enum BesterIOModule {}
